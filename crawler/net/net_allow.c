/* net_allow.c - where a forge-supplied URL may take us (net_allow.h). */
#include "crawler/net/net_allow.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "lib/alloc.h"
#include "lib/error.h"
#include "lib/str.h"
#include "lib/url.h"

/* ENTRY ("host" or "host:port") admits HOST on PORT. */
static bool entry_admits(const char *entry, const char *host, unsigned port)
{
	const char *colon = strrchr(entry, ':');
	size_t hlen = strlen(host);

	/* A bracketed IP literal is compared as written. */
	if (hlen > 2 && host[0] == '[' && host[hlen - 1] == ']') {
		host++;
		hlen -= 2;
	}
	if (colon && strchr(entry, ':') == colon && colon[1]) {
		char *end;
		unsigned long p = strtoul(colon + 1, &end, 10);

		if (*end)
			return false;
		return (size_t)(colon - entry) == hlen &&
		       !strncasecmp(entry, host, hlen) && p == port;
	}
	return strlen(entry) == hlen && !strncasecmp(entry, host, hlen);
}

static bool host_admitted(const struct net_allow *a, const char *host,
                          unsigned port)
{
	for (size_t i = 0; i < a->nhosts; i++)
		if (a->hosts[i] && entry_admits(a->hosts[i], host, port))
			return true;
	return false;
}

static char *hosts_list(const struct net_allow *a)
{
	size_t len = 1;
	char *s;

	for (size_t i = 0; i < a->nhosts; i++)
		len += strlen(a->hosts[i]) + 2;
	s = xcalloc(1, len);
	for (size_t i = 0; i < a->nhosts; i++) {
		if (i)
			strcat(s, ", ");
		strcat(s, a->hosts[i]);
	}
	return s;
}

static int refuse(const struct net_allow *a, const char *what, const char *why)
{
	char *shown = str_printable(what, strlen(what));
	char *hosts = hosts_list(a);

	error_set(ERROR_REFUSED, "%s: %s (the account's hosts: %s; add another "
	          "to its forge's clone_hosts: in the accounts file)", shown,
	          why, hosts);
	free(hosts);
	free(shown);
	return ERROR_REFUSED;
}

int net_allow_url(const struct net_allow *a, const char *url)
{
	struct url u;
	bool https, http;
	int rc = 0;

	if (!a)
		return 0;
	if (url_parse(&u, url) < 0)
		return refuse(a, url, "not a URL inventaire fetches (https:// on "
		              "the forge's host; never a path, file:// or ssh://)");
	https = !strcasecmp(u.scheme, "https");
	http = !strcasecmp(u.scheme, "http");
	if (!https && !(http && a->http))
		rc = refuse(a, url, http ? "http:// is refused (the forge's entry "
		            "has no allow_http: true)" : "only https:// URLs are "
		            "fetched (never file://, ssh:// or a path)");
	else if (!host_admitted(a, u.host, url_port(&u)))
		rc = refuse(a, url, "the host is not one of the account's");
	url_clear(&u);
	return rc;
}

int net_allow_connect(const struct net_allow *a, const char *host,
                      const char *port, bool tls)
{
	char *what;
	char *end;
	unsigned long p;
	int rc = 0;

	if (!a)
		return 0;
	p = strtoul(port ? port : "", &end, 10);
	what = xasprintf("%s://%s:%s", tls ? "https" : "http", host,
	                 port ? port : "");
	if (!tls && !a->http)
		rc = refuse(a, what, "a connection without TLS is refused (the "
		            "forge's entry has no allow_http: true)");
	else if (!port || *end || !host_admitted(a, host, (unsigned)p))
		rc = refuse(a, what, "the host is not one of the account's");
	free(what);
	return rc;
}
