/*
 * publiccode_net.c - the only network access of the publiccode.yml
 * validator: "is this URL reachable" (spec.md §8 #1, #3, #5, #12, §11.2),
 * used only with --network. libcurl, GET, redirects followed, short
 * timeouts, HTTP(S) only; the body is discarded as it arrives.
 */
#include "publiccode_int.h"

#include <curl/curl.h>
#include <stdlib.h>

#include "util.h"

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

int pc_net_reachable(char **why, const char *url)
{
	CURL *c = curl_easy_init();
	CURLcode rc;
	long status = 0;
	int got_body = 0;

	*why = NULL;
	if (!c) {
		*why = xstrdup("cannot start an HTTP client");
		return -1;
	}
	curl_easy_setopt(c, CURLOPT_URL, url);
	curl_easy_setopt(c, CURLOPT_FOLLOWLOCATION, 1L);
	curl_easy_setopt(c, CURLOPT_MAXREDIRS, 5L);
	curl_easy_setopt(c, CURLOPT_CONNECTTIMEOUT, 10L);
	curl_easy_setopt(c, CURLOPT_TIMEOUT, 30L);
	curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
	curl_easy_setopt(c, CURLOPT_USERAGENT, "inventaire (publiccode.yml validator)");
#if LIBCURL_VERSION_NUM >= 0x075500
	curl_easy_setopt(c, CURLOPT_PROTOCOLS_STR, "http,https");
	curl_easy_setopt(c, CURLOPT_REDIR_PROTOCOLS_STR, "http,https");
#else
	curl_easy_setopt(c, CURLOPT_PROTOCOLS, (long)(CURLPROTO_HTTP | CURLPROTO_HTTPS));
	curl_easy_setopt(c, CURLOPT_REDIR_PROTOCOLS, (long)(CURLPROTO_HTTP | CURLPROTO_HTTPS));
#endif
	curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, discard);
	curl_easy_setopt(c, CURLOPT_WRITEDATA, &got_body);
	rc = curl_easy_perform(c);
	curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &status);
	curl_easy_cleanup(c);
	if (rc != CURLE_OK && !(rc == CURLE_WRITE_ERROR && got_body)) {
		*why = xstrdup(curl_easy_strerror(rc));
		return -1;
	}
	if (status < 200 || status > 299) {
		*why = status == 404 ? xstrdup("not found")
		                     : xasprintf("HTTP status %ld", status);
		return -1;
	}
	return 0;
}
