/* net_curl.c - the shared libcurl configuration (net_curl.h). */
#include "crawler/net/net_curl.h"

void net_curl_configure(CURL *c)
{
	curl_easy_setopt(c, CURLOPT_USERAGENT, NET_USER_AGENT);
	/* libcurl's alarm()-based DNS timeouts are not thread-safe. */
	curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
	/* URLs and redirects come from forge answers and publiccode.yml
	 * files: none may make us read file:// or speak another protocol. */
#if LIBCURL_VERSION_NUM >= 0x075500
	curl_easy_setopt(c, CURLOPT_PROTOCOLS_STR, "http,https");
	curl_easy_setopt(c, CURLOPT_REDIR_PROTOCOLS_STR, "http,https");
#else
	curl_easy_setopt(c, CURLOPT_PROTOCOLS,
	                 (long)(CURLPROTO_HTTP | CURLPROTO_HTTPS));
	curl_easy_setopt(c, CURLOPT_REDIR_PROTOCOLS,
	                 (long)(CURLPROTO_HTTP | CURLPROTO_HTTPS));
#endif
	curl_easy_setopt(c, CURLOPT_FOLLOWLOCATION, 0L);
	curl_easy_setopt(c, CURLOPT_MAXREDIRS, NET_MAX_REDIRECTS);
	/* libcurl's defaults, said out loud: nothing here turns them off. */
	curl_easy_setopt(c, CURLOPT_SSL_VERIFYPEER, 1L);
	curl_easy_setopt(c, CURLOPT_SSL_VERIFYHOST, 2L);
	/* Long crawls hold connections open between pages; keep-alive
	 * probes find a dead peer before the request timeout does. */
	curl_easy_setopt(c, CURLOPT_TCP_KEEPALIVE, 1L);
	curl_easy_setopt(c, CURLOPT_TCP_KEEPIDLE, 60L);
	curl_easy_setopt(c, CURLOPT_TCP_KEEPINTVL, 30L);
	curl_easy_setopt(c, CURLOPT_CONNECTTIMEOUT, 10L);
}
