/*
 * net_curl.h - the one libcurl configuration of the program's three HTTP
 * clients: the forge API engine (crawler/net/http.c), git's smart HTTP
 * (crawler/transport/smart_http.c) and the publiccode.yml validator's
 * reachability checks (crawler/publiccode/publiccode_net.c). Whoever
 * meets one of them in a server log sees the same name, and all three
 * refuse the same things.
 */
#ifndef INVENTAIRE_NET_CURL_H
#define INVENTAIRE_NET_CURL_H

#include <curl/curl.h>

#include "version.h"

/* Who we are, in every request: a name, a version and where to learn
 * more (RFC 9110 §10.1.5 asks for a product token and its version). */
#define NET_USER_AGENT \
	"inventaire/" INVENTAIRE_VERSION " (+" INVENTAIRE_URL ")"

/* Redirects a client that follows them may follow (CURLOPT_MAXREDIRS). */
#define NET_MAX_REDIRECTS 5L

/*
 * Set on C what every client shares: the User-Agent, HTTP and HTTPS only
 * (redirects included), no signals (we run on threads), TLS peers and host
 * names verified against libcurl's CA bundle, TCP keep-alive, a 10 s
 * connect timeout and at most NET_MAX_REDIRECTS redirects. Whether to
 * follow redirects at all stays the caller's choice (CURLOPT_FOLLOWLOCATION
 * is off): the forge engine follows them itself so that a token never
 * crosses origins. Call it before the client's own options, which may
 * override the timeouts.
 */
void net_curl_configure(CURL *c);

#endif
