/*
 * publiccode_net.c - the only network access of the publiccode.yml
 * validator: "is this URL reachable" (the reference's validations.go: url,
 * landingURL, roadmap, documentation, remote logos and screenshots),
 * used only with --network. libcurl with the program's one configuration
 * (crawler/net/net_curl.h: HTTP(S) only, 5 redirects at most), GET,
 * redirects followed, short timeouts; the body is discarded as it
 * arrives.
 */
#include "crawler/publiccode/publiccode_int.h"

#include <arpa/inet.h>
#include <curl/curl.h>
#include <netinet/in.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#include "crawler/net/net_curl.h"

/* Reachability only: the body is not needed, and stopping at the first
 * chunk keeps a huge or endless response cheap. */
static size_t discard(char *p, size_t size, size_t n, void *payload)
{
	(void)p;
	(void)size;
	(void)n;
	*(int *)payload = 1;
	return 0;  /* abort the transfer: we have the status */
}

/* IPv4 (host order) that a URL from a file must not make us reach. */
static bool private_v4(uint32_t a)
{
	return (a >> 24) == 0 || (a >> 24) == 10 || (a >> 24) == 127 ||
	       (a >> 16) == 0xa9fe ||            /* 169.254/16, link-local */
	       (a >> 20) == 0xac1 ||             /* 172.16/12 */
	       (a >> 16) == 0xc0a8 ||            /* 192.168/16 */
	       (a >> 22) == (100u << 2 | 1);     /* 100.64/10, shared */
}

static bool private_addr(const struct sockaddr *sa)
{
	if (sa->sa_family == AF_INET)
		return private_v4(ntohl(((const struct sockaddr_in *)sa)->sin_addr.s_addr));
	if (sa->sa_family == AF_INET6) {
		const unsigned char *b = ((const struct sockaddr_in6 *)sa)->sin6_addr.s6_addr;
		static const unsigned char mapped[12] = { 0,0,0,0,0,0,0,0,0,0,0xff,0xff };
		static const unsigned char zero[15] = { 0 };

		if (!memcmp(b, mapped, 12))
			return private_v4((uint32_t)b[12] << 24 | (uint32_t)b[13] << 16 |
			                  (uint32_t)b[14] << 8 | b[15]);
		return !memcmp(b, zero, 15) ||            /* :: and ::1 */
		       (b[0] & 0xfe) == 0xfc ||           /* fc00::/7, unique local */
		       (b[0] == 0xfe && (b[1] & 0xc0) == 0x80);  /* fe80::/10 */
	}
	return true;
}

/*
 * As the reference's internal/safehttp.go does: private, loopback and
 * link-local targets are refused unless allowed. The URLs come from a file anyone can write, so a
 * validation must not become a probe of the validating machine's network.
 * Checked on every connection libcurl opens, redirects included.
 * INVENTAIRE_NETWORK_ALLOW_PRIVATE=1 allows them (an intranet forge).
 */
static curl_socket_t open_socket(void *payload, curlsocktype purpose,
                                 struct curl_sockaddr *addr)
{
	const char *allow = getenv("INVENTAIRE_NETWORK_ALLOW_PRIVATE");

	(void)purpose;
	if (!(allow && !strcmp(allow, "1")) && private_addr(&addr->addr)) {
		*(int *)payload = 1;
		return CURL_SOCKET_BAD;
	}
	return socket(addr->family, addr->socktype, addr->protocol);
}

int pc_net_reachable(const char *url)
{
	int refused = 0;
	CURL *c = curl_easy_init();
	CURLcode rc;
	long status = 0;
	int got_body = 0;

	if (!c)
		return error_set(ERROR_TRANSPORT, "cannot start an HTTP client");
	net_curl_configure(c);
	curl_easy_setopt(c, CURLOPT_URL, url);
	curl_easy_setopt(c, CURLOPT_FOLLOWLOCATION, 1L);
	curl_easy_setopt(c, CURLOPT_TIMEOUT, 30L);
	curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, discard);
	curl_easy_setopt(c, CURLOPT_WRITEDATA, &got_body);
	curl_easy_setopt(c, CURLOPT_OPENSOCKETFUNCTION, open_socket);
	curl_easy_setopt(c, CURLOPT_OPENSOCKETDATA, &refused);
	rc = curl_easy_perform(c);
	curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &status);
	curl_easy_cleanup(c);
	if (refused)
		return error_set(ERROR_ACCESS, "refused: it is a private, loopback "
		                 "or link-local address (set "
		                 "INVENTAIRE_NETWORK_ALLOW_PRIVATE=1 to allow it)");
	if (rc != CURLE_OK && !(rc == CURLE_WRITE_ERROR && got_body))
		return error_set(ERROR_TRANSPORT, "%s", curl_easy_strerror(rc));
	if (status == 404)
		return error_set(ERROR_NOTFOUND, "not found");
	if (status < 200 || status > 299)
		return error_set(ERROR_STATUS, "HTTP status %ld", status);
	return 0;
}
