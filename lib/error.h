/*
 * error.h - one error model for the whole program, after libgit2's
 * (include/git2/errors.h): a function that fails returns a negative
 * `enum error_code` and leaves a message, which the caller reads with
 * error_last() before it calls anything else that may fail.
 *
 * The message is per thread (the probes run on a pool of threads), kept in
 * a fixed buffer so that it never needs freeing. It says what failed, on
 * which input (a path, a URL, an account, a line), and what to do. A caller
 * that adds context (which account, which step) does so with error_wrap(),
 * so that the message reads from the outside in: "github.com/x: listing:
 * https://...: connection refused".
 */
#ifndef INVENTAIRE_ERROR_H
#define INVENTAIRE_ERROR_H

#include <stdarg.h>

enum error_code {
	ERROR_OK = 0,
	ERROR_FAIL = -1,         /* nothing more specific to say */
	ERROR_USAGE = -2,        /* asked for what cannot be (--worktree on a
	                            bare repository, a bad option value) */
	ERROR_INVALID = -3,      /* the input is wrong: a config file, a request
	                            the engine will not send; the message says
	                            where */
	ERROR_IO = -4,           /* reading or writing failed */
	ERROR_NOTFOUND = -5,     /* no such path, entry, account or branch */
	ERROR_ACCESS = -6,       /* permission denied */
	ERROR_NOTDIR = -7,       /* listing what is not a directory */
	ERROR_ISDIR = -8,        /* reading what is not a file */
	ERROR_LOOP = -9,         /* too many links, or a link leaving the tree */
	ERROR_PARSE = -10,       /* a body or file is not what its format says */
	ERROR_PROTOCOL = -11,    /* not the git protocol, or not pkt-lines */
	ERROR_TRANSPORT = -12,   /* connection, TLS, cut stream */
	ERROR_TIMEOUT = -13,     /* a deadline passed */
	ERROR_STATUS = -14,      /* an HTTP status the caller cannot use */
	ERROR_AUTH = -15,        /* 401 or 403: a token is needed or refused */
	ERROR_RATELIMIT = -16,   /* still rate limited when the budget ran out */
	ERROR_TOOBIG = -17,      /* over a size, count or expansion cap */
	ERROR_REDIRECT = -18,    /* too many redirects, or a refused Location */
	ERROR_INTERRUPTED = -19, /* SIGINT or SIGTERM: every job ended */
	ERROR_NOREPO = -20,      /* no such repository on the server */
	ERROR_NOREF = -21,       /* the server does not have a wanted object */
	ERROR_FILTER = -22,      /* the server refused our object filter */
	ERROR_REMOTE = -23,      /* the server reported an error of its own */
	ERROR_REFUSED = -24,     /* an empty answer where one was due */
	ERROR_ABORT = -25,       /* a callback asked to stop */
	ERROR_CORRUPT = -26,     /* not a pack, or libgit2 refused it */
	ERROR_GIT = -27,         /* libgit2 could not read a repository */
};

/* Most messages are one line; a longer one is cut, never lost whole. */
#define ERROR_MSG_MAX 2048

/*
 * Record CODE and a printf-style message for this thread; returns CODE, so
 * that a failing function can `return error_set(ERROR_IO, "...")`.
 */
int error_set(int code, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
int error_setv(int code, const char *fmt, va_list ap)
	__attribute__((format(printf, 2, 0)));

/*
 * Put context before the last message ("FMT: <last message>") and return
 * the last code, for callers that pass a failure up.
 */
int error_wrap(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/*
 * errno E as a code (ENOENT -> ERROR_NOTFOUND, EACCES/EPERM ->
 * ERROR_ACCESS, ...) with the message "FMT: strerror(E)"; returns the code.
 */
int error_errno(int e, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

/* libgit2's last error as ERROR_GIT, with the message "FMT: <libgit2's>". */
int error_git(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* This thread's last message: never NULL ("" when none was set). */
const char *error_last(void);
/* This thread's last code (ERROR_OK when none was set). */
int error_last_code(void);
void error_clear(void);

/* What CODE means, in a few words ("not found"). */
const char *error_name(int code);

#endif
