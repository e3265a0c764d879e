/*
 * smart_http.c - git smart HTTP, protocol v2, on libcurl's easy interface.
 * A thread's connections outlive the repository: the next one on the same
 * host skips the TCP and TLS handshakes (smart_http_thread_end()).
 *
 * gitprotocol-http(5) "Smart Clients": GET $URL/info/refs?service=
 * git-upload-pack, then POST $URL/git-upload-pack; gitprotocol-v2(5) for
 * the commands, sent with "Git-Protocol: version=2".
 */
#include "crawler/transport/smart_http.h"
#include "crawler/transport/smart_http_int.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>
#include <curl/curl.h>

#include "crawler/net/net_allow.h"
#include "crawler/net/net_curl.h"
#include "crawler/transport/pktline.h"
#include "lib/alloc.h"
#include "lib/buf.h"
#include "lib/error.h"
#include "lib/str.h"
#include "lib/url.h"

/* A stalled transfer: less than 1 byte/s for this long is given up. */
#define STALL_S 30L
/* ls-refs with a prefix lists a few refs; a server listing more is odd. */
#define MAX_REFS 10000
/* What we keep of an error body or a progress line, for messages. */
#define MAX_SHOWN 200


/* One request in flight. */
struct xfer {
	struct smart_http *s;
	struct pkt_reader *pr;
	pkt_cb cb;
	void *payload;
	const char *ctype;     /* the Content-Type a git server sends */
	long status;
	bool checked;          /* status and type looked at */
	bool wrong_type;
	bool too_big;
	struct buf other;      /* start of a non-git body, for the message */
};

unsigned long long smart_http_bytes(const struct smart_http *s)
{
	return s->bytes;
}

unsigned smart_http_requests(const struct smart_http *s)
{
	return s->requests;
}

static char *host_of(const char *url)
{
	const char *p = strstr(url, "://"), *end, *at;

	if (!p)
		return xstrdup("");
	p += 3;
	end = p + strcspn(p, "/?#");
	at = memchr(p, '@', (size_t)(end - p));
	if (at)
		p = at + 1;
	return xstrndup(p, (size_t)(end - p));
}

/*
 * The thread's handle between two sessions. libcurl keeps a handle's live
 * connections across curl_easy_reset() (curl_easy_reset(3)), so the next
 * repository on the same host reuses them: on a real forge that saves a
 * TCP and a TLS handshake (two round trips and the server's key exchange)
 * a repository, on a crawl of three requests each. A handle is never
 * shared between threads (libcurl-thread(3)), hence one per thread. Reuse
 * does not widen the policy: net_allow is about URLs and every request's
 * URL is checked, and the reset drops the previous session's credentials.
 */
static _Thread_local CURL *kept;

void smart_http_thread_end(void)
{
	if (kept)
		curl_easy_cleanup(kept);
	kept = NULL;
}

/* The process's request slots (smart_http_limit()). */
static pthread_mutex_t slots_mu = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t slots_cv = PTHREAD_COND_INITIALIZER;
static unsigned slots_max, slots_used;

void smart_http_limit(unsigned n)
{
	pthread_mutex_lock(&slots_mu);
	slots_max = n;
	pthread_cond_broadcast(&slots_cv);
	pthread_mutex_unlock(&slots_mu);
}

void smart_http_slot_take(void)
{
	pthread_mutex_lock(&slots_mu);
	while (slots_max && slots_used >= slots_max)
		pthread_cond_wait(&slots_cv, &slots_mu);
	slots_used++;
	pthread_mutex_unlock(&slots_mu);
}

void smart_http_slot_give(void)
{
	pthread_mutex_lock(&slots_mu);
	slots_used--;
	pthread_cond_signal(&slots_cv);
	pthread_mutex_unlock(&slots_mu);
}

int smart_http_open(struct smart_http **out, const struct smart_http_opts *o)
{
	struct smart_http *s;
	size_t n = strlen(o->url);

	*out = NULL;
	s = xcalloc(1, sizeof(*s));
	while (n > 0 && o->url[n - 1] == '/')
		n--;
	s->url = xstrndup(o->url, n);
	s->host = host_of(s->url);
	s->token = o->token ? xstrdup(o->token) : NULL;
	s->token_user = xstrdup(o->token_user ? o->token_user : "inventaire");
	s->max_bytes = o->max_bytes;
	s->allow = o->allow;
	s->timeout_s = o->timeout_s ? o->timeout_s : 300;
	s->deadline = time(NULL) + (time_t)s->timeout_s;
	if (kept) {
		s->curl = kept;
		kept = NULL;
		curl_easy_reset(s->curl);
	} else {
		s->curl = curl_easy_init();
	}
	if (!s->curl) {
		smart_http_free(s);
		return error_set(ERROR_TRANSPORT, "%s: cannot start libcurl",
		                 o->url);
	}
	*out = s;
	return 0;
}

void smart_http_free(struct smart_http *s)
{
	if (!s)
		return;
	if (s->curl && !kept)
		kept = s->curl;
	else if (s->curl)
		curl_easy_cleanup(s->curl);
	free(s->url);
	free(s->host);
	free(s->token);
	free(s->token_user);
	free(s);
}

static size_t on_data(char *data, size_t size, size_t nmemb, void *userp)
{
	struct xfer *x = userp;
	size_t len = size * nmemb;

	x->s->bytes += len;
	if (x->s->max_bytes && x->s->bytes > x->s->max_bytes) {
		x->too_big = true;
		return 0;
	}
	if (!x->checked) {
		char *ct = NULL;
		curl_easy_getinfo(x->s->curl, CURLINFO_RESPONSE_CODE, &x->status);
		curl_easy_getinfo(x->s->curl, CURLINFO_CONTENT_TYPE, &ct);
		x->wrong_type = !ct || strncmp(ct, x->ctype, strlen(x->ctype));
		x->checked = true;
	}
	if (x->status != 200 || x->wrong_type) {
		/* Not git: keep the head of it for the message, read no more
		 * than that (a 200 HTML page is a dumb or foreign server). */
		if (x->other.len < MAX_SHOWN)
			buf_add(&x->other, data,
			        len < MAX_SHOWN - x->other.len ? len : MAX_SHOWN - x->other.len);
		return x->status == 200 ? 0 : len;
	}
	if (pkt_reader_feed(x->pr, data, len, x->cb, x->payload) < 0)
		return 0;
	return len;
}

/* URL is on HOST: the token goes nowhere else, redirected or not. */
static bool same_host(const char *url, const char *host)
{
	char *h = host_of(url);
	bool same = !strcasecmp(h, host);

	free(h);
	return same;
}

/* One request's libcurl options, after the program's shared ones
 * (net_curl.h: the User-Agent, HTTP(S) only, TLS verified, 5 redirects at
 * most). H is the header list, owned by the caller until the transfer
 * ends. */
static void set_options(struct smart_http *s, struct xfer *x, const char *url,
                        const struct buf *body, struct curl_slist **h,
                        time_t left)
{
	net_curl_configure(s->curl);
	*h = curl_slist_append(*h, "Git-Protocol: version=2");
	*h = curl_slist_append(*h, "Expect:");
	if (body) {
		*h = curl_slist_append(*h, "Content-Type: application/x-git-upload-pack-request");
		*h = curl_slist_append(*h, "Accept: application/x-git-upload-pack-result");
		curl_easy_setopt(s->curl, CURLOPT_POST, 1L);
		curl_easy_setopt(s->curl, CURLOPT_POSTFIELDS, body->data);
		curl_easy_setopt(s->curl, CURLOPT_POSTFIELDSIZE_LARGE,
		                 (curl_off_t)body->len);
	}
	curl_easy_setopt(s->curl, CURLOPT_URL, url);
	curl_easy_setopt(s->curl, CURLOPT_HTTPHEADER, *h);
	curl_easy_setopt(s->curl, CURLOPT_WRITEFUNCTION, on_data);
	curl_easy_setopt(s->curl, CURLOPT_WRITEDATA, x);
	curl_easy_setopt(s->curl, CURLOPT_TIMEOUT, (long)left);
	curl_easy_setopt(s->curl, CURLOPT_LOW_SPEED_LIMIT, 1L);
	curl_easy_setopt(s->curl, CURLOPT_LOW_SPEED_TIME, STALL_S);
	/* Redirects are followed by smart_http_request(), hop by hop, so
	 * that each is checked against the policy before it is sent. */
	curl_easy_setopt(s->curl, CURLOPT_FOLLOWLOCATION, 0L);
	if (s->auth && same_host(url, s->host)) {
		curl_easy_setopt(s->curl, CURLOPT_HTTPAUTH, (long)CURLAUTH_BASIC);
		curl_easy_setopt(s->curl, CURLOPT_USERNAME, s->token_user);
		curl_easy_setopt(s->curl, CURLOPT_PASSWORD, s->token);
	}
}

/* What one finished transfer means: 0, 1 when the callback stopped the
 * parser (it set the error), or a negative code with the error set. */
static int outcome(struct smart_http *s, const struct xfer *x, CURLcode cc,
                   const char *what)
{
	const struct pkt_reader *pr = x->pr;

	if (x->too_big)
		return error_set(ERROR_TOOBIG, "%s: %s: more than %llu bytes "
		                 "received", s->url, what, s->max_bytes);
	if (x->status == 401 || x->status == 403)
		return error_set(ERROR_AUTH, "%s: %s: HTTP %ld: the server needs a "
		                 "token (give one for %s)", s->url, what, x->status,
		                 s->host);
	if (x->status == 404)
		return error_set(ERROR_NOREPO, "%s: %s: HTTP 404: no such "
		                 "repository", s->url, what);
	if (cc == CURLE_WRITE_ERROR && x->status == 200 && x->wrong_type) {
		char *shown = str_printable(x->other.data ? x->other.data : "",
		                            x->other.len);
		error_set(ERROR_PROTOCOL, "%s: %s: not a smart git server (answer "
		          "starts '%.60s')", s->url, what, shown);
		free(shown);
		return ERROR_PROTOCOL;
	}
	if (cc == CURLE_WRITE_ERROR && pr->failed == ERROR_PROTOCOL)
		return error_wrap("%s: %s: malformed answer", s->url, what);
	if (cc == CURLE_WRITE_ERROR && pr->failed == ERROR_ABORT)
		return 1;
	if (cc == CURLE_OPERATION_TIMEDOUT)
		return error_set(ERROR_TIMEOUT, "%s: %s: the transfer stalled or "
		                 "took more than %u s", s->url, what, s->timeout_s);
	if (cc != CURLE_OK)
		return error_set(ERROR_TRANSPORT, "%s: %s: %s%s", s->url, what,
		                 curl_easy_strerror(cc),
		                 cc == CURLE_PARTIAL_FILE || cc == CURLE_RECV_ERROR ||
		                 cc == CURLE_GOT_NOTHING ?
		                 " (the server closed the connection mid-stream)" : "");
	if (x->status != 200)
		return error_set(ERROR_STATUS, "%s: %s: HTTP %ld", s->url, what,
		                 x->status);
	if (!pkt_reader_idle(pr))
		return error_set(ERROR_TRANSPORT, "%s: %s: the answer ends inside a "
		                 "pkt-line (the server closed the connection "
		                 "mid-stream)", s->url, what);
	return 0;
}

static bool is_redirect(long status)
{
	return status == 301 || status == 302 || status == 303 ||
	       status == 307 || status == 308;
}

/*
 * A redirect from *URL (which ends with SUFFIX) to LOCATION: checked, then
 * *URL is LOCATION. Forges redirect renamed repositories (a 301 from the
 * old path): when LOCATION ends with the same SUFFIX, the session's later
 * requests go to its base too, as git's own client does
 * (gitprotocol-http(5) "Smart Clients"). Never to another scheme than
 * http(s), never from https to http, never outside the policy.
 */
static int follow(struct smart_http *s, char **url, const char *suffix,
                  const char *location, unsigned hops, const char *what)
{
	char *shown;
	size_t n, m;
	int rc = 0;

	if (!location)
		return error_set(ERROR_REDIRECT, "%s: %s: a redirect without a "
		                 "Location", s->url, what);
	shown = str_printable(location, strlen(location));
	if (hops > (unsigned)NET_MAX_REDIRECTS)
		rc = error_set(ERROR_REDIRECT, "%s: %s: more than %ld redirects",
		               s->url, what, NET_MAX_REDIRECTS);
	else if (strncasecmp(location, "https://", 8) &&
	         (strncasecmp(location, "http://", 7) ||
	          !strncasecmp(*url, "https://", 8)))
		rc = error_set(ERROR_REDIRECT, "%s: %s: redirected to %s: another "
		               "scheme than the repository's is refused", s->url,
		               what, shown);
	else if (net_allow_url(s->allow, location) < 0) {
		char why[ERROR_MSG_MAX];

		snprintf(why, sizeof(why), "%s", error_last());
		rc = error_set(ERROR_REDIRECT, "%s: %s: redirect refused: %s",
		               s->url, what, why);
	}
	free(shown);
	if (rc < 0)
		return rc;
	n = strlen(location);
	m = strlen(suffix) + 1;
	if (n > m && location[n - m] == '/' && !strcmp(location + n - m + 1, suffix)) {
		free(s->url);
		s->url = xstrndup(location, n - m);
	}
	free(*url);
	*url = xstrdup(location);
	return 0;
}

/*
 * Send one request (a GET when BODY is NULL) and stream its pkt-lines to
 * CB. WHAT names the request in messages. Retries once with the token
 * after a 401, and sends it from then on: tokens only where asked for.
 * Follows redirects itself (follow()).
 */
int smart_http_request(struct smart_http *s, const char *suffix, const struct buf *body,
                   const char *ctype, pkt_cb cb, void *payload, const char *what)
{
	char *url = xasprintf("%s/%s", s->url, suffix);
	struct pkt_reader *pr = xmalloc(sizeof(*pr));
	unsigned hops = 0;
	bool retried = false;
	int rc = 0;

	for (;;) {
		struct xfer x = { .s = s, .pr = pr, .cb = cb, .payload = payload,
		                  .ctype = ctype };
		struct curl_slist *h = NULL;
		time_t left = s->deadline - time(NULL);
		CURLcode cc;

		if (left <= 0) {
			rc = error_set(ERROR_TIMEOUT, "%s: %s: the transfer took more "
			               "than %u s", s->url, what, s->timeout_s);
			break;
		}
		pkt_reader_init(pr);
		curl_easy_reset(s->curl);
		set_options(s, &x, url, body, &h, left);
		s->requests++;
		smart_http_slot_take();
		cc = curl_easy_perform(s->curl);
		smart_http_slot_give();
		curl_slist_free_all(h);
		if (!x.checked)
			curl_easy_getinfo(s->curl, CURLINFO_RESPONSE_CODE, &x.status);
		if (!x.too_big && x.status == 401 && s->token && !s->auth &&
		    !retried && same_host(url, s->host)) {
			s->auth = true;
			retried = true;
			buf_free(&x.other);
			continue;
		}
		if (cc == CURLE_OK && !x.too_big && is_redirect(x.status)) {
			char *location = NULL;

			buf_free(&x.other);
			curl_easy_getinfo(s->curl, CURLINFO_REDIRECT_URL, &location);
			if ((rc = follow(s, &url, suffix, location, ++hops, what)) < 0)
				break;
			continue;
		}
		rc = outcome(s, &x, cc, what);
		buf_free(&x.other);
		break;
	}
	free(pr);
	free(url);
	return rc;
}

/* -- capability words ------------------------------------------------ */

bool smart_http_has_word(const char *list, const char *word)
{
	size_t n = strlen(word);

	for (const char *p = list; (p = strstr(p, word)); p += n)
		if ((p == list || p[-1] == ' ' || p[-1] == '=') &&
		    (p[n] == '\0' || p[n] == ' '))
			return true;
	return false;
}

/* -- ls-refs ---------------------------------------------------------- */

struct lsrefs_state {
	struct smart_http *s;
	const char *want;       /* "HEAD" or "refs/heads/BRANCH" */
	char oid[41];
	char *target;           /* HEAD's symref target */
	bool found;
	bool done;
	unsigned n;
};

bool smart_http_is_hex40(const char *p, size_t len)
{
	if (len < 40)
		return false;
	for (int i = 0; i < 40; i++)
		if (!((p[i] >= '0' && p[i] <= '9') || (p[i] >= 'a' && p[i] <= 'f')))
			return false;
	return true;
}

int smart_http_remote_error(struct smart_http *s, int code, const char *what,
                            const char *msg, size_t len)
{
	char *shown = str_printable(msg, len > MAX_SHOWN ? MAX_SHOWN : len);
	size_t n = strlen(shown);

	while (n > 0 && (shown[n - 1] == '\n' || shown[n - 1] == ' '))
		shown[--n] = '\0';
	error_set(code, "%s: %s: the server says: %s", s->url, what, shown);
	free(shown);
	return code;
}

static int on_lsrefs(enum pkt_type type, const char *data, size_t len,
                     void *payload)
{
	struct lsrefs_state *l = payload;
	const char *name, *end;
	size_t nlen;

	if (type == PKT_FLUSH) {
		l->done = true;
		return 0;
	}
	if (type != PKT_DATA || l->done)
		return 0;
	if (len >= 4 && !memcmp(data, "ERR ", 4))
		return smart_http_remote_error(l->s, ERROR_REMOTE, "ls-refs",
		                               data + 4, len - 4);
	if (++l->n > MAX_REFS || !smart_http_is_hex40(data, len) || len < 42 || data[40] != ' ')
		return error_set(ERROR_PROTOCOL, "%s: ls-refs: malformed ref line",
		                 l->s->url);
	if (len && data[len - 1] == '\n')
		len--;
	name = data + 41;
	end = memchr(name, ' ', len - 41);
	nlen = end ? (size_t)(end - name) : len - 41;
	if (nlen != strlen(l->want) || memcmp(name, l->want, nlen))
		return 0;
	memcpy(l->oid, data, 40);
	l->oid[40] = '\0';
	l->found = true;
	/* "<oid> HEAD symref-target:refs/heads/main" (gitprotocol-v2 ls-refs) */
	while (end) {
		const char *attr = end + 1;
		const char *next = memchr(attr, ' ', (size_t)(data + len - attr));
		size_t alen = next ? (size_t)(next - attr) : (size_t)(data + len - attr);

		if (alen > 14 && !memcmp(attr, "symref-target:", 14)) {
			free(l->target);
			l->target = xstrndup(attr + 14, alen - 14);
		}
		end = next;
	}
	return 0;
}

int smart_http_ls_refs(char oid[41], char **branch_out, struct smart_http *s,
                     const char *branch)
{
	struct lsrefs_state l = { .s = s };
	struct buf b = BUF_INIT;
	char *want = branch ? xasprintf("refs/heads/%s", branch) : xstrdup("HEAD");
	int rc;

	*branch_out = NULL;
	l.want = want;
	/* gitprotocol-v2 "ls-refs": only the one ref we need, with its symref. */
	pkt_addf(&b, "command=ls-refs\n");
	pkt_delim(&b);
	pkt_addf(&b, "symrefs\n");
	pkt_addf(&b, "ref-prefix %s\n", want);
	pkt_flush(&b);
	rc = smart_http_request(s, "git-upload-pack", &b,
	             "application/x-git-upload-pack-result", on_lsrefs, &l,
	             "ls-refs");
	buf_free(&b);
	if (rc == 1)
		rc = error_last_code();   /* the callback said why */
	else if (rc == 0 && !l.done)
		rc = error_set(ERROR_PROTOCOL, "%s: ls-refs: the answer is not a "
		               "protocol v2 ref list", s->url);
	else if (rc == 0 && !l.found)
		rc = error_set(ERROR_NOTFOUND, "%s: no branch %s", s->url,
		               branch ? branch : "at HEAD");
	if (rc == 0) {
		memcpy(oid, l.oid, 41);
		if (branch)
			*branch_out = xstrdup(branch);
		else if (l.target && !strncmp(l.target, "refs/heads/", 11))
			*branch_out = xstrdup(l.target + 11);
	}
	free(l.target);
	free(want);
	return rc;
}

/* -- fetch ------------------------------------------------------------ */

enum fetch_at { AT_SECTION, AT_LINES, AT_PACK, AT_DONE };

struct fetch_state {
	struct smart_http *s;
	enum fetch_at at;
	smart_http_pack_cb pack;
	void *payload;
	int rc;
};

int smart_http_classify(struct smart_http *s, const char *msg, size_t len)
{
	char *m = xstrndup(msg, len);
	int code = strstr(m, "not our ref") ? ERROR_NOREF :
	           strstr(m, "filter") ? ERROR_FILTER : ERROR_REMOTE;

	free(m);
	return smart_http_remote_error(s, code, "fetch", msg, len);
}

static int on_fetch(enum pkt_type type, const char *data, size_t len,
                    void *payload)
{
	struct fetch_state *f = payload;

	if (f->at == AT_DONE)
		return 0;
	if (type == PKT_DATA && len >= 4 && !memcmp(data, "ERR ", 4)) {
		f->rc = smart_http_classify(f->s, data + 4, len - 4);
		return -1;
	}
	switch (f->at) {
	case AT_SECTION:
		if (type != PKT_DATA)
			break;
		if (len >= 8 && !memcmp(data, "packfile", 8))
			f->at = AT_PACK;
		else
			f->at = AT_LINES;  /* acknowledgments, shallow-info, ... */
		return 0;
	case AT_LINES:
		if (type == PKT_DELIM)
			f->at = AT_SECTION;
		else if (type == PKT_FLUSH)
			f->at = AT_DONE;
		return 0;
	case AT_PACK:
		if (type == PKT_FLUSH) {
			f->at = AT_DONE;
			return 0;
		}
		if (type != PKT_DATA)
			break;
		return smart_http_sideband(&f->rc, f->s, data, len, f->pack, f->payload);
	case AT_DONE:
		return 0;
	}
	f->rc = error_set(ERROR_PROTOCOL, "%s: fetch: unexpected packet in the "
	                  "answer", f->s->url);
	return -1;
}

int smart_http_sideband(int *rc, struct smart_http *s, const char *data,
                      size_t len, smart_http_pack_cb pack, void *payload)
{
	/* side-band-64k: 1 pack data, 2 progress, 3 fatal error */
	if (len > 0 && data[0] == 1) {
		int err = pack(data + 1, len - 1, payload);
		if (err < 0) {
			*rc = err;
			return -1;
		}
		return 0;
	}
	if (len > 0 && data[0] == 2)
		return 0;
	if (len > 0 && data[0] == 3) {
		*rc = smart_http_classify(s, data + 1, len - 1);
		return -1;
	}
	*rc = error_set(ERROR_PROTOCOL, "%s: fetch: unexpected packet in the "
	                "pack stream", s->url);
	return -1;
}

int smart_http_fetch(struct smart_http *s, const char *const *wants, size_t n,
                   bool deepen, const char *filter, smart_http_pack_cb pack,
                   void *payload)
{
	struct fetch_state f = { .s = s, .at = AT_SECTION, .pack = pack,
	                         .payload = payload };
	struct buf b = BUF_INIT;
	unsigned long long before = s->bytes;
	int rc;

	/* gitprotocol-v2 "fetch": no haves and "done", so the server sends
	 * the pack at once; no thin pack (our odb may lack the bases). */
	pkt_addf(&b, "command=fetch\n");
	pkt_delim(&b);
	pkt_addf(&b, "no-progress\n");
	pkt_addf(&b, "ofs-delta\n");
	if (deepen)
		pkt_addf(&b, "deepen 1\n");
	if (filter)
		pkt_addf(&b, "filter %s\n", filter);
	for (size_t i = 0; i < n; i++)
		pkt_addf(&b, "want %s\n", wants[i]);
	pkt_addf(&b, "done\n");
	pkt_flush(&b);
	rc = smart_http_request(s, "git-upload-pack", &b,
	             "application/x-git-upload-pack-result", on_fetch, &f, "fetch");
	buf_free(&b);
	if (rc == 1)
		return f.rc < 0 ? f.rc : ERROR_REMOTE;
	if (rc == 0 && f.at == AT_SECTION && s->bytes == before)
		/* git upload-pack dies on an argument it was not configured
		 * for ("unexpected line: 'filter tree:1'") and http-backend
		 * answers 200 with nothing. */
		return error_set(ERROR_REFUSED, "%s: fetch: empty answer (the server "
		                 "does not take %s%s%s)", s->url,
		                 filter ? "filter " : "", filter ? filter : "",
		                 deepen ? ", deepen 1" : "");
	if (rc == 0 && f.at != AT_DONE)
		return error_set(ERROR_TRANSPORT, "%s: fetch: the answer ends before "
		                 "the pack does (the server closed the connection "
		                 "mid-stream)", s->url);
	return rc;
}
