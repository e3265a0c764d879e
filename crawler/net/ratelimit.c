/* ratelimit.c - rate-limit decisions from response headers (ratelimit.h). */
#include "crawler/net/ratelimit.h"

#include <ctype.h>
#include <curl/curl.h>
#include <stdlib.h>
#include <string.h>

#include "lib/alloc.h"

/* Far enough for any documented reset window (GitHub: one hour). */
#define MAX_WAIT_S (24 * 3600)

static bool parse_long(long *out, const char *s)
{
	char *end;
	long v;

	if (!s)
		return false;
	while (isspace((unsigned char)*s))
		s++;
	if (!isdigit((unsigned char)*s))
		return false;
	v = strtol(s, &end, 10);
	while (isspace((unsigned char)*end))
		end++;
	if (*end || v < 0)
		return false;
	*out = v;
	return true;
}

time_t ratelimit_retry_after(const char *value, time_t now)
{
	long secs;
	time_t t;

	if (!value)
		return 0;
	if (parse_long(&secs, value))
		return now + (secs > MAX_WAIT_S ? MAX_WAIT_S : secs);
	t = curl_getdate(value, NULL);
	if (t <= 0)
		return 0;
	return t < now ? now : t;
}

/* x-ratelimit-reset (GitHub) and RateLimit-Reset (GitLab) are epochs; the
 * IETF draft's RateLimit-Reset is delta seconds. Small values are deltas. */
static time_t reset_time(const char *value, time_t now)
{
	long v;

	if (!parse_long(&v, value))
		return 0;
	if (v < 1000000000L)
		return now + (v > MAX_WAIT_S ? MAX_WAIT_S : v);
	return (time_t)v;
}

/* GitHub's secondary limits and abuse detection say so only in the body
 * (recorded: SpecificExceptions.testAuthenticatedRateLimitExceeded.txt). */
static bool body_says_rate_limit(const struct http_resp *resp)
{
	static const char *const needles[] = {
		"rate limit", "abuse detection", "too many requests",
	};
	size_t n = resp->len < 4096 ? resp->len : 4096;
	char *head;
	bool found = false;

	if (!resp->body || !n)
		return false;
	head = xstrndup(resp->body, n);
	for (char *p = head; *p; p++)
		*p = (char)tolower((unsigned char)*p);
	for (size_t i = 0; i < sizeof(needles) / sizeof(*needles); i++)
		if (strstr(head, needles[i]))
			found = true;
	free(head);
	return found;
}

void ratelimit_classify(struct ratelimit *out, const struct http_resp *resp,
                        time_t now)
{
	const char *gh_rem = http_resp_header(resp, "x-ratelimit-remaining");
	const char *gl_rem = http_resp_header(resp, "ratelimit-remaining");
	const char *ra = http_resp_header(resp, "retry-after");
	time_t retry = ratelimit_retry_after(ra, now);
	time_t reset = reset_time(http_resp_header(resp, "x-ratelimit-reset"), now);
	long rem;

	if (!reset)
		reset = reset_time(http_resp_header(resp, "ratelimit-reset"), now);
	if (!reset)
		reset = ratelimit_retry_after(
			http_resp_header(resp, "ratelimit-resettime"), now);

	out->exhausted = (parse_long(&rem, gh_rem) && rem == 0) ||
	                 (parse_long(&rem, gl_rem) && rem == 0);
	if (resp->status == 429)
		out->limited = true;
	else if (resp->status == 403)
		out->limited = out->exhausted || retry || body_says_rate_limit(resp);
	else
		out->limited = false;

	out->until = 0;
	if (retry)
		out->until = retry;
	else if (reset && (out->exhausted || out->limited))
		out->until = reset;
	if (out->until && out->until > now + MAX_WAIT_S)
		out->until = now + MAX_WAIT_S;
}
