/*
 * url.h - the one URL parser and resolver of the program: the subset of
 * RFC 3986 that forge APIs, redirects and account URLs need.
 *
 * Only plain absolute URLs parse: "scheme://[userinfo@]host[:port]" then
 * a path, a query and a fragment. Anything else is refused: no scheme or
 * authority ("github.com/x", "mailto:a@b"), spaces or control characters
 * anywhere, an empty host, a host that is not a name or a bracketed IP
 * literal, a port that is not 1 to 65535. Bytes above 0x7F are accepted in
 * the path, query and fragment (forges send them), never in the host.
 */
#ifndef INVENTAIRE_URL_H
#define INVENTAIRE_URL_H

#include <stdbool.h>

/* The parts of a URL, each as written (not decoded, case kept). */
struct url {
	char *scheme;     /* "https" */
	char *userinfo;   /* what comes before '@' in the authority, or NULL */
	char *host;       /* "gitlab.com", "[::1]" */
	char *port;       /* "8443", or NULL when none is written */
	char *path;       /* "" or starting with '/' */
	char *query;      /* after '?', or NULL */
	char *fragment;   /* after '#', or NULL */
};

/*
 * Parse S into OUT. 0, or ERROR_INVALID with a message that quotes S (made
 * printable) and says what is wrong (lib/error.h); OUT is then empty.
 */
int url_parse(struct url *out, const char *s);
void url_clear(struct url *u);

/* The URL again (RFC 3986 §5.3), from whatever parts U holds. */
char *url_format(const struct url *u);

/* The scheme is http or https, in any case. */
bool url_is_http(const struct url *u);
/* The port as a number: the written one, else 80 for http and 443 for
 * https, else 0. */
unsigned url_port(const struct url *u);

/*
 * "scheme://host:port" of an http(s) URL, lower-cased, the default port
 * written out ("https://gitlab.com:443"): two URLs with the same origin
 * reach the same server (RFC 6454 §4). NULL for anything else.
 */
char *url_origin(const char *s);
/* The host of URL S, lower-cased ("gitlab.com"), or NULL when S does not
 * parse. */
char *url_host(const char *s);

/*
 * REF resolved against the absolute URL BASE (RFC 3986 §5.2, dot segments
 * removed): a redirect's Location, a next-page link. A REF with a scheme
 * stands alone. NULL when BASE does not parse, REF holds spaces or control
 * characters, or the result is not a URL that parses.
 */
char *url_resolve(const char *base, const char *ref);

#endif
