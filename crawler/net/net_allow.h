/*
 * net_allow.h - where a URL that came from a forge may take us.
 *
 * A forge's answer names the repositories' clone URLs, and a git server may
 * redirect a fetch: both are untrusted. A URL of `file:///...` or a bare
 * path would make libgit2 read a repository of the crawling machine (whose
 * contents would reach the public feed), and an http(s) URL could point
 * anywhere the machine reaches. So the crawl accepts a URL only when its
 * scheme is https (http too when the accounts file says `allow_http:
 * true`, for tests) and its host is one of the account's: the forge's own
 * host, its api_url's host, or one listed in `clone_hosts:` (README.md,
 * "Configuration"). The same rule holds for every redirect hop and every
 * connection libgit2 opens (crawler/transport/git_stream.c).
 */
#ifndef INVENTAIRE_NET_ALLOW_H
#define INVENTAIRE_NET_ALLOW_H

#include <stdbool.h>
#include <stddef.h>

struct net_allow {
	/* "host" (any port) or "host:port", compared without case. */
	const char *const *hosts;
	size_t nhosts;
	bool http;           /* http:// is accepted too */
};

/*
 * 0 when URL may be fetched; else ERROR_REFUSED with a message that names
 * the URL (made printable), says what is wrong and what to do. A NULL
 * policy accepts every URL (`inventaire check URL`: the user chose it).
 */
int net_allow_url(const struct net_allow *a, const char *url);

/* The same for one connection: HOST and PORT, over TLS or not. */
int net_allow_connect(const struct net_allow *a, const char *host,
                      const char *port, bool tls);

#endif
