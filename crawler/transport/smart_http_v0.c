/*
 * smart_http_v0.c - git smart HTTP, protocol v0, for servers without v2:
 * the ref advertisement (gitprotocol-http(5) "Smart Server Response") and
 * a depth-1 fetch (gitprotocol-pack(5) "Packfile Negotiation", with
 * "shallow" and "deepen 1", gitprotocol-capabilities(5)).
 */
#include "crawler/transport/smart_http_int.h"

#include "lib/alloc.h"
#include "lib/error.h"

#include <stdlib.h>
#include <string.h>

/* -- ref advertisement ------------------------------------------------ */

struct refs_state {
	struct smart_http *s;
	struct git_v0_caps *caps;
	const char *want;      /* "HEAD" or "refs/heads/BRANCH" */
	char oid[41];
	char *target;          /* symref=HEAD:<target> */
	unsigned lines;        /* ref lines seen */
	unsigned flushes;
	bool service;          /* "# service=git-upload-pack" seen */
	bool found, done;
};

static void parse_caps(struct refs_state *r, const char *caps, size_t len)
{
	char *c = xstrndup(caps, len);
	const char *sym;

	c[strcspn(c, "\n")] = '\0';
	r->caps->shallow = smart_http_has_word(c, "shallow");
	r->caps->sideband64k = smart_http_has_word(c, "side-band-64k");
	r->caps->sideband = smart_http_has_word(c, "side-band");
	r->caps->ofs_delta = smart_http_has_word(c, "ofs-delta");
	r->caps->no_progress = smart_http_has_word(c, "no-progress");
	/* "symref=HEAD:refs/heads/main" (gitprotocol-capabilities "symref") */
	if ((sym = strstr(c, "symref=HEAD:")) && (sym == c || sym[-1] == ' ')) {
		sym += 12;
		free(r->target);
		r->target = xstrndup(sym, strcspn(sym, " "));
	}
	free(c);
}

static int on_refs(enum pkt_type type, const char *data, size_t len,
                   void *payload)
{
	struct refs_state *r = payload;
	const char *name, *nul;
	size_t nlen;

	if (r->done)
		return 0;
	if (type == PKT_FLUSH) {
		/* the flush after "# service=..." opens the advertisement; an
		 * empty repository's has no ref at all */
		r->done = ++r->flushes > (r->service ? 1u : 0u);
		return 0;
	}
	if (type != PKT_DATA)
		return 0;
	if (r->lines == 0 && !r->service && len >= 10 && !memcmp(data, "# service=", 10)) {
		r->service = true;
		return 0;
	}
	if (r->lines == 0 && len >= 9 && !memcmp(data, "version 2", 9)) {
		r->caps->v2 = true;   /* a v2 server: not ours to parse */
		r->done = true;
		return 0;
	}
	if (len >= 4 && !memcmp(data, "ERR ", 4))
		return smart_http_remote_error(r->s, ERROR_REMOTE, "ref advertisement",
		                               data + 4, len - 4);
	if (len < 42 || !smart_http_is_hex40(data, len) || data[40] != ' ')
		return error_set(ERROR_PROTOCOL, "%s: ref advertisement: malformed "
		                 "ref line", r->s->url);
	name = data + 41;
	nul = memchr(name, '\0', len - 41);
	nlen = nul ? (size_t)(nul - name) : len - 41;
	if (nlen && name[nlen - 1] == '\n')
		nlen--;
	if (r->lines++ == 0 && nul)
		parse_caps(r, nul + 1, (size_t)(data + len - nul - 1));
	if (nlen == strlen(r->want) && !memcmp(name, r->want, nlen) &&
	    memcmp(data, "0000000000000000000000000000000000000000", 40)) {
		memcpy(r->oid, data, 40);
		r->oid[40] = '\0';
		r->found = true;
	}
	return 0;
}

int smart_http_refs_v0(char oid[41], char **branch_out, struct git_v0_caps *caps,
                     struct smart_http *s, const char *branch)
{
	char *want = branch ? xasprintf("refs/heads/%s", branch) : xstrdup("HEAD");
	struct refs_state r = { .s = s, .caps = caps, .want = want };
	int rc;

	memset(caps, 0, sizeof(*caps));
	*branch_out = NULL;
	rc = smart_http_request(s, "info/refs?service=git-upload-pack", NULL,
	                      "application/x-git-upload-pack-advertisement",
	                      on_refs, &r, "ref advertisement");
	if (rc == 1)
		rc = error_last_code();   /* the callback said why */
	else if (rc == 0 && !r.done)
		rc = error_set(ERROR_TRANSPORT, "%s: ref advertisement: it ends "
		               "early", s->url);
	else if (rc == 0 && caps->v2)
		rc = error_set(ERROR_PROTOCOL, "%s: the server speaks protocol v2",
		               s->url);
	else if (rc == 0 && !r.found)
		rc = error_set(ERROR_NOTFOUND, "%s: no branch %s", s->url,
		               branch ? branch : "at HEAD");
	if (rc == 0) {
		memcpy(oid, r.oid, 41);
		if (branch)
			*branch_out = xstrdup(branch);
		else if (r.target && !strncmp(r.target, "refs/heads/", 11))
			*branch_out = xstrdup(r.target + 11);
	}
	free(r.target);
	free(want);
	return rc;
}

/* -- depth-1 fetch ---------------------------------------------------- */

struct fetch_state {
	struct smart_http *s;
	smart_http_pack_cb pack;
	void *payload;
	bool in_pack, done;
	int rc;
};

static int on_fetch(enum pkt_type type, const char *data, size_t len,
                    void *payload)
{
	struct fetch_state *f = payload;

	if (f->done)
		return 0;
	if (type == PKT_DATA && len >= 4 && !memcmp(data, "ERR ", 4)) {
		f->rc = smart_http_classify(f->s, data + 4, len - 4);
		return -1;
	}
	if (f->in_pack) {
		if (type == PKT_FLUSH) {
			f->done = true;
			return 0;
		}
		return smart_http_sideband(&f->rc, f->s, data, len, f->pack, f->payload);
	}
	/* "shallow <oid>" lines and their flush, then NAK: the pack follows. */
	if (type == PKT_DATA && len >= 3 && !memcmp(data, "NAK", 3))
		f->in_pack = true;
	return 0;
}

int smart_http_fetch_v0(struct smart_http *s, const char *want,
                      const struct git_v0_caps *caps, smart_http_pack_cb pack,
                      void *payload)
{
	struct fetch_state f = { .s = s, .pack = pack, .payload = payload };
	struct buf b = BUF_INIT;
	int rc;

	if (!caps->shallow || !(caps->sideband64k || caps->sideband))
		return error_set(ERROR_REFUSED, "%s: the server offers neither "
		                 "shallow fetches nor side-band", s->url);
	/* Capabilities go on the first want line (gitprotocol-pack). */
	pkt_addf(&b, "want %s%s%s%s\n", want,
	         caps->sideband64k ? " side-band-64k" : " side-band",
	         caps->ofs_delta ? " ofs-delta" : "",
	         caps->no_progress ? " shallow no-progress" : " shallow");
	pkt_addf(&b, "deepen 1\n");
	pkt_flush(&b);
	pkt_addf(&b, "done\n");
	rc = smart_http_request(s, "git-upload-pack", &b,
	                      "application/x-git-upload-pack-result", on_fetch, &f,
	                      "fetch");
	buf_free(&b);
	if (rc == 1)
		return f.rc < 0 ? f.rc : ERROR_REMOTE;
	if (rc == 0 && !f.done)
		return error_set(ERROR_TRANSPORT, "%s: fetch: the answer ends before "
		                 "the pack does (the server closed the connection "
		                 "mid-stream)", s->url);
	return rc;
}
