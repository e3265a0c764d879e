/*
 * stream_curl.c - libgit2 streams over libcurl's CURLOPT_CONNECT_ONLY,
 * with curl_easy_send/curl_easy_recv and poll(2) bounded by the thread's
 * deadline (stream_curl.h).
 */
#include "crawler/transport/stream_curl.h"

#include <poll.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <curl/curl.h>
#include <git2.h>
#include <git2/sys/stream.h>

#include "crawler/net/net_allow.h"
#include "crawler/net/net_curl.h"
#include "lib/alloc.h"
#include "lib/error.h"

/* No byte for this long: the transfer is stalled, whatever the deadline. */
#define STALL_S 30

/* The thread's fetch: its deadline, its policy and its last failure. A
 * stream has no payload (git2/sys/stream.h), so this is per thread. */
struct fetch_ctx {
	bool active;
	time_t deadline;
	const struct net_allow *allow;
	int code;
	char msg[ERROR_MSG_MAX];
};

static _Thread_local struct fetch_ctx ctx;

struct curl_stream {
	git_stream parent;
	CURL *curl;
	curl_socket_t sock;
	char *where;               /* "https://host:port", for messages */
	char *host, *port;
	bool tls;
};

/* Record the failure for stream_curl_end() and for libgit2; -1. */
static int stream_fail(int code, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

static int stream_fail(int code, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(ctx.msg, sizeof(ctx.msg), fmt, ap);
	va_end(ap);
	ctx.code = code;
	git_error_set_str(GIT_ERROR_NET, ctx.msg);
	return -1;
}

static time_t deadline(void)
{
	return ctx.active ? ctx.deadline : time(NULL) + 300;
}

static int stream_connect(git_stream *gs)
{
	struct curl_stream *s = (struct curl_stream *)gs;
	time_t left = deadline() - time(NULL);
	curl_socket_t sock = CURL_SOCKET_BAD;
	char *url;
	CURLcode cc;

	if (net_allow_connect(ctx.allow, s->host, s->port, s->tls) < 0)
		return stream_fail(ERROR_REFUSED, "%s", error_last());
	if (left <= 0)
		return stream_fail(ERROR_TIMEOUT, "%s: the deadline passed before "
		                   "the connection", s->where);
	if (!(s->curl = curl_easy_init()))
		return stream_fail(ERROR_TRANSPORT, "%s: cannot start libcurl",
		                   s->where);
	net_curl_configure(s->curl);
	url = xasprintf("%s/", s->where);
	curl_easy_setopt(s->curl, CURLOPT_URL, url);
	curl_easy_setopt(s->curl, CURLOPT_CONNECT_ONLY, 1L);
	curl_easy_setopt(s->curl, CURLOPT_TIMEOUT, (long)left);
	if (left < 10)
		curl_easy_setopt(s->curl, CURLOPT_CONNECTTIMEOUT, (long)left);
	cc = curl_easy_perform(s->curl);
	free(url);
	if (cc != CURLE_OK)
		return stream_fail(cc == CURLE_OPERATION_TIMEDOUT ? ERROR_TIMEOUT :
		                   ERROR_TRANSPORT, "%s: %s", s->where,
		                   curl_easy_strerror(cc));
	if (curl_easy_getinfo(s->curl, CURLINFO_ACTIVESOCKET, &sock) != CURLE_OK ||
	    sock == CURL_SOCKET_BAD)
		return stream_fail(ERROR_TRANSPORT, "%s: no socket after connecting",
		                   s->where);
	s->sock = sock;
	return 0;
}

/* Wait until the socket is ready for EVENTS, the deadline or a stall. */
static int wait_for(struct curl_stream *s, short events)
{
	struct pollfd p = { .fd = s->sock, .events = events };
	time_t left = deadline() - time(NULL);
	int n;

	if (left <= 0)
		return stream_fail(ERROR_TIMEOUT, "%s: the transfer took more than "
		                   "its time", s->where);
	if (left > STALL_S)
		left = STALL_S;
	n = poll(&p, 1, (int)left * 1000);
	if (n > 0)
		return 0;
	if (n == 0 && deadline() <= time(NULL))
		return stream_fail(ERROR_TIMEOUT, "%s: the transfer took more than "
		                   "its time", s->where);
	if (n == 0)
		return stream_fail(ERROR_TIMEOUT, "%s: no byte for %d s: the "
		                   "transfer stalled", s->where, STALL_S);
	return stream_fail(ERROR_TRANSPORT, "%s: poll failed", s->where);
}

static ssize_t stream_read(git_stream *gs, void *data, size_t len)
{
	struct curl_stream *s = (struct curl_stream *)gs;

	for (;;) {
		size_t n = 0;
		CURLcode cc = curl_easy_recv(s->curl, data, len, &n);

		if (cc == CURLE_OK)
			return deadline() < time(NULL) ?
			       stream_fail(ERROR_TIMEOUT, "%s: the transfer took "
			                   "more than its time", s->where) :
			       (ssize_t)n;
		if (cc != CURLE_AGAIN)
			return stream_fail(ERROR_TRANSPORT, "%s: %s", s->where,
			                   curl_easy_strerror(cc));
		if (wait_for(s, POLLIN) < 0)
			return -1;
	}
}

static ssize_t stream_write(git_stream *gs, const char *data, size_t len,
                            int flags)
{
	struct curl_stream *s = (struct curl_stream *)gs;
	size_t off = 0;

	while (off < len) {
		size_t n = 0;
		CURLcode cc = curl_easy_send(s->curl, data + off, len - off, &n);

		if (cc == CURLE_OK)
			off += n;
		else if (cc != CURLE_AGAIN)
			return stream_fail(ERROR_TRANSPORT, "%s: %s", s->where,
			                   curl_easy_strerror(cc));
		else if (wait_for(s, POLLOUT) < 0)
			return -1;
	}
	return (ssize_t)len;
}

static int stream_certificate(git_cert **out, git_stream *gs)
{
	/* libcurl verified the peer already; libgit2 asks only when the
	 * caller set a certificate callback, which we never do. */
	*out = NULL;
	return stream_fail(ERROR_TRANSPORT, "no certificate to show");
}

static int stream_close(git_stream *gs)
{
	return 0;
}

static void stream_free(git_stream *gs)
{
	struct curl_stream *s = (struct curl_stream *)gs;

	if (s->curl)
		curl_easy_cleanup(s->curl);
	free(s->where);
	free(s->host);
	free(s->port);
	free(s);
}

static int stream_new(git_stream **out, const char *host, const char *port,
                      bool tls)
{
	struct curl_stream *s = xcalloc(1, sizeof(*s));
	bool ipv6 = strchr(host, ':') != NULL;

	s->parent.version = GIT_STREAM_VERSION;
	s->parent.encrypted = tls;
	s->parent.proxy_support = 0;
	s->parent.connect = stream_connect;
	s->parent.certificate = stream_certificate;
	s->parent.read = stream_read;
	s->parent.write = stream_write;
	s->parent.close = stream_close;
	s->parent.free = stream_free;
	s->sock = CURL_SOCKET_BAD;
	s->tls = tls;
	s->host = xstrdup(host);
	s->port = xstrdup(port ? port : tls ? "443" : "80");
	s->where = xasprintf("%s://%s%s%s:%s", tls ? "https" : "http",
	                     ipv6 ? "[" : "", host, ipv6 ? "]" : "", s->port);
	*out = &s->parent;
	return 0;
}

static int new_tls(git_stream **out, const char *host, const char *port)
{
	return stream_new(out, host, port, true);
}

static int new_plain(git_stream **out, const char *host, const char *port)
{
	return stream_new(out, host, port, false);
}

int stream_curl_begin(time_t when, const struct net_allow *allow)
{
	git_stream_registration tls = { GIT_STREAM_VERSION, new_tls, NULL };
	git_stream_registration plain = { GIT_STREAM_VERSION, new_plain, NULL };

	/* Registering again is cheap and idempotent; doing it here keeps it
	 * true after a git_libgit2_shutdown() and init (the tests do). */
	if (git_stream_register(GIT_STREAM_TLS, &tls) < 0 ||
	    git_stream_register(GIT_STREAM_STANDARD, &plain) < 0)
		return error_git("cannot put libgit2's connections under libcurl");
	memset(&ctx, 0, sizeof(ctx));
	ctx.active = true;
	ctx.deadline = when;
	ctx.allow = allow;
	return 0;
}

int stream_curl_end(void)
{
	int code = ctx.code;

	if (code)
		error_set(code, "%s", ctx.msg);
	memset(&ctx, 0, sizeof(ctx));
	return code;
}
