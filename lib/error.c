/* error.c - the per-thread last error (error.h). */
#include "lib/error.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <git2.h>

#include "lib/i18n.h"

/* Every FMT is translated (lib/i18n.h) before it is formatted: the call
 * sites stay as they are, and po/meson.build lists these functions as
 * xgettext keywords. */

/* C11 thread storage: a fixed buffer per thread, nothing to free when a
 * probe thread ends. */
static _Thread_local char last_msg[ERROR_MSG_MAX];
static _Thread_local int last_code;

int error_setv(int code, const char *fmt, va_list ap)
{
	vsnprintf(last_msg, sizeof(last_msg), _(fmt), ap);
	last_code = code;
	return code;
}

int error_set(int code, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	error_setv(code, fmt, ap);
	va_end(ap);
	return code;
}

int error_wrap(const char *fmt, ...)
{
	char old[ERROR_MSG_MAX];
	size_t n;
	va_list ap;

	memcpy(old, last_msg, sizeof(old));
	va_start(ap, fmt);
	vsnprintf(last_msg, sizeof(last_msg), _(fmt), ap);
	va_end(ap);
	n = strlen(last_msg);
	if (old[0] && n + 2 < sizeof(last_msg)) {
		memcpy(last_msg + n, ": ", 2);
		/* Cut, never overrun: the buffer is the bound. */
		memccpy(last_msg + n + 2, old, '\0', sizeof(last_msg) - n - 2);
		last_msg[sizeof(last_msg) - 1] = '\0';
	}
	if (last_code == ERROR_OK)
		last_code = ERROR_FAIL;
	return last_code;
}

static int code_of_errno(int e)
{
	switch (e) {
	case ENOENT:
		return ERROR_NOTFOUND;
	case EACCES:
	case EPERM:
		return ERROR_ACCESS;
	case ENOTDIR:
		return ERROR_NOTDIR;
	case EISDIR:
		return ERROR_ISDIR;
	case ELOOP:
		return ERROR_LOOP;
	case EFBIG:
		return ERROR_TOOBIG;
	case EINTR:
		return ERROR_INTERRUPTED;
	case ETIMEDOUT:
		return ERROR_TIMEOUT;
	case EINVAL:
		return ERROR_INVALID;
	default:
		return ERROR_IO;
	}
}

int error_errno(int e, const char *fmt, ...)
{
	char what[ERROR_MSG_MAX];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(what, sizeof(what), _(fmt), ap);
	va_end(ap);
	return error_set(code_of_errno(e), "%s: %s", what, strerror(e));
}

int error_git(const char *fmt, ...)
{
	const git_error *g = git_error_last();
	char what[ERROR_MSG_MAX];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(what, sizeof(what), _(fmt), ap);
	va_end(ap);
	return error_set(ERROR_GIT, "%s: %s", what,
	                 g && g->message ? g->message : "libgit2 failed");
}

const char *error_last(void)
{
	return last_msg;
}

int error_last_code(void)
{
	return last_code;
}

void error_clear(void)
{
	last_msg[0] = '\0';
	last_code = ERROR_OK;
}

const char *error_name(int code)
{
	static const char *const names[] = {
		"ok", "failed", "usage error", "invalid input", "input/output "
		"error", "not found", "permission denied", "not a directory",
		"is a directory", "link loop or link out of the tree", "parse "
		"error", "protocol error", "transport error", "timed out",
		"unexpected HTTP status", "authentication needed", "rate limited",
		"too big", "bad redirect", "interrupted", "no such repository",
		"no such object", "filter refused", "remote error", "empty "
		"answer", "aborted", "corrupt pack", "git error",
	};
	int i = -code;

	if (i < 0 || i >= (int)(sizeof(names) / sizeof(*names)))
		return "unknown error";
	return names[i];
}
