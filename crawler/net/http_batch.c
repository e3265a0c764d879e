/*
 * http_batch.c - the batch job: many accounts of one API root listed a few
 * to a request, through a plug-in's batch_first/batch_parse (forge.h).
 *
 * The accounts wait in a queue; up to BATCH_INFLIGHT requests are in
 * flight, each carrying the next BATCH_MAX accounts of the queue; an
 * account with another page goes back to the end of the queue. So the
 * first pages of 250 GitHub organizations take 10 requests, and the next
 * pages of the two that hold 2,000 repositories share their requests too.
 *
 * A forge with batch_fallback (GitLab) lists the accounts its batch
 * refuses (batch_accepts) or cannot answer (an item's FALLBACK, a request
 * that failed whole) with the ordinary listing and owner jobs instead:
 * the batch only saves requests, it never loses an account.
 */
#include <stdlib.h>
#include <string.h>

#include "crawler/net/http.h"
#include "crawler/net/http_int.h"
#include "crawler/net/token.h"
#include "crawler/net/token_scope.h"
#include "lib/alloc.h"
#include "lib/error.h"

/* Requests of one batch job in flight at once; the engine's per-host limit
 * still applies to them. */
#define BATCH_INFLIGHT 4

struct batch_item {
	struct forge_batch b;
	struct account acct;        /* strings owned */
	void *payload;
	unsigned long *requests;
	bool finished;
};

struct batch_job {
	struct http_engine *e;
	const struct forge *forge;
	struct batch_item *items;
	size_t n, left;             /* items, items not finished */
	size_t *queue;              /* items waiting for a request */
	size_t qhead, qlen;
	size_t inflight;
	http_list_cb list_done;
	http_owner_cb owner_done;
};

/* One request of a job: the items it carries. */
struct batch_req {
	struct batch_job *job;
	struct http_req *req;
	size_t *idx;
	size_t n;
};

static char *dup_or_null(const char *s)
{
	return s ? xstrdup(s) : NULL;
}

static void job_free(struct batch_job *j)
{
	for (size_t i = 0; i < j->n; i++) {
		struct batch_item *it = &j->items[i];

		free((char *)it->acct.host);
		free((char *)it->acct.api_url);
		free((char *)it->acct.owner);
		free(it->b.cursor);
		free(it->b.message);
		repo_list_clear(&it->b.repos);
		owner_clear(&it->b.owner);
	}
	free(j->items);
	free(j->queue);
	free(j);
}

/* Call IT's callbacks once: its listing, then its owner. */
static void item_finish(struct batch_job *j, struct batch_item *it, int rc,
                        const char *message)
{
	char *msg = rc < 0 ? xstrdup(message ? message : error_last()) : NULL;

	it->finished = true;
	j->left--;
	if (rc < 0)
		error_set(rc, "%s", msg);
	j->list_done(rc, &it->b.repos, it->payload);
	if (j->owner_done) {
		if (rc < 0)
			error_set(rc, "%s", msg);
		else if (!it->b.have_owner)
			rc = error_set(ERROR_PARSE, "%s/%s: the forge gave no account "
			               "metadata", it->acct.host, it->acct.owner);
		j->owner_done(rc, &it->b.owner, it->payload);
	}
	free(msg);
}

/* List IT with the ordinary listing and owner jobs (forge.h,
 * batch_fallback), from its first page: its callbacks are theirs now. */
static void item_fallback(struct batch_job *j, struct batch_item *it)
{
	const struct forge *f = j->forge;
	int rc;

	it->finished = true;
	j->left--;
	repo_list_clear(&it->b.repos);
	owner_clear(&it->b.owner);
	it->b.have_owner = false;
	rc = http_engine_list_counted(j->e, f, &it->acct, j->list_done,
	                              it->payload, it->requests);
	if (rc < 0)
		j->list_done(rc, &it->b.repos, it->payload);
	if (!j->owner_done)
		return;
	rc = http_engine_owner_counted(j->e, f, &it->acct, j->owner_done,
	                               it->payload, it->requests);
	if (rc < 0)
		j->owner_done(rc, &it->b.owner, it->payload);
}

static void pump(struct batch_job *j);

static void on_batch(int rc, const struct http_resp *resp, void *payload)
{
	struct batch_req *br = payload;
	struct batch_job *j = br->job;
	struct forge_batch **items = xcalloc(br->n, sizeof(*items));

	for (size_t i = 0; i < br->n; i++)
		items[i] = &j->items[br->idx[i]].b;
	if (rc == 0) {
		error_clear();
		rc = j->forge->batch_parse(items, br->n, br->req, resp);
		if (rc < 0 && !*error_last())
			error_set(rc, "%s: unusable answer (HTTP %ld) from %s",
			          j->items[br->idx[0]].acct.host, resp->status,
			          resp->url);
	}
	for (size_t i = 0; i < br->n; i++) {
		struct batch_item *it = &j->items[br->idx[i]];

		if (j->forge->batch_fallback && rc != ERROR_INTERRUPTED &&
		    (rc < 0 || it->b.fallback))
			item_fallback(j, it);
		else if (rc < 0)
			item_finish(j, it, rc, NULL);
		else if (it->b.fallback && it->b.rc >= 0)
			item_finish(j, it, error_set(ERROR_PARSE, "%s/%s: the %s "
			            "plug-in could not list this account", it->acct.host,
			            it->acct.owner, j->forge->kind), NULL);
		else if (it->b.rc < 0)
			item_finish(j, it, it->b.rc, it->b.message);
		else if (it->b.done)
			item_finish(j, it, 0, NULL);
		else                       /* another page: back in the queue */
			j->queue[(j->qhead + j->qlen++) % j->n] = br->idx[i];
	}
	free(items);
	http_req_free(br->req);
	free(br->idx);
	free(br);
	j->inflight--;
	pump(j);
}

/* Send requests while the queue has accounts and room is left. */
static void pump(struct batch_job *j)
{
	while (j->qlen && j->inflight < BATCH_INFLIGHT) {
		struct batch_req *br = xcalloc(1, sizeof(*br));
		size_t max = j->forge->batch_max ? j->forge->batch_max : 1;
		struct forge_batch **items;
		int rc;

		br->job = j;
		br->n = j->qlen < max ? j->qlen : max;
		br->idx = xcalloc(br->n, sizeof(*br->idx));
		items = xcalloc(br->n, sizeof(*items));
		for (size_t i = 0; i < br->n; i++) {
			br->idx[i] = j->queue[j->qhead];
			j->qhead = (j->qhead + 1) % j->n;
			j->qlen--;
			items[i] = &j->items[br->idx[i]].b;
		}
		error_clear();
		rc = j->forge->batch_first(&br->req, items, br->n);
		free(items);
		j->inflight++;
		if (rc == 0) {
			struct batch_item *first = &j->items[br->idx[0]];

			/* The request counts for the first account it carries. */
			rc = http_engine_fetch(j->e, br->req, j->forge, &first->acct,
			                       on_batch, br, first->requests);
			if (rc == 0)
				continue;
		}
		if (!*error_last())
			error_set(rc, "%s: the %s plug-in cannot list these accounts "
			          "together", j->items[br->idx[0]].acct.host,
			          j->forge->kind);
		on_batch(rc, NULL, br);
		return;     /* on_batch pumped */
	}
	if (j->left == 0 && j->inflight == 0)
		job_free(j);
}

bool http_engine_can_batch(const struct forge *forge, const char *host,
                           const char *api_url)
{
	struct token_set *ts;
	char *scope, *why;
	bool ok;

	if (!forge->batch_first || !forge->batch_parse)
		return false;
	if (!forge->batch_token)
		return true;
	/* The tokens a request to API_URL may carry, as every request's
	 * (token_scope.h): none, and the batch is not made. */
	token_scope(&scope, &why, host, api_url);
	free(why);
	if (!scope)
		return false;
	token_set_from_env(&ts, scope);
	ok = token_set_count(ts) > 0;
	token_set_free(ts);
	free(scope);
	return ok;
}

int http_engine_batch(struct http_engine *e, const struct forge *forge,
                      const struct account *accts, size_t n,
                      http_list_cb list_done, http_owner_cb owner_done,
                      void *const *payloads, unsigned long *const *requests)
{
	struct batch_job *j;

	if (!forge || !forge->batch_first || !list_done || !n)
		return error_set(ERROR_INVALID, "http_engine_batch: a job needs a "
		                 "forge that lists in batches, accounts and a "
		                 "callback");
	j = xcalloc(1, sizeof(*j));
	j->e = e;
	j->forge = forge;
	j->list_done = list_done;
	j->owner_done = owner_done;
	j->items = xcalloc(n, sizeof(*j->items));
	j->queue = xcalloc(n, sizeof(*j->queue));
	j->n = j->left = j->qlen = n;
	for (size_t i = 0; i < n; i++) {
		struct batch_item *it = &j->items[i];

		it->acct.host = dup_or_null(accts[i].host);
		it->acct.api_url = dup_or_null(accts[i].api_url);
		it->acct.owner = dup_or_null(accts[i].owner);
		it->acct.kind = accts[i].kind;
		it->b.acct = &it->acct;
		owner_init(&it->b.owner);
		it->payload = payloads ? payloads[i] : NULL;
		it->requests = requests ? requests[i] : NULL;
		j->queue[i] = i;
	}
	/* The accounts the batch does not take: listed the ordinary way. */
	for (size_t i = 0, k = 0; i < n; i++) {
		struct batch_item *it = &j->items[i];

		if (forge->batch_accepts && !forge->batch_accepts(&it->acct)) {
			j->qlen--;
			item_fallback(j, it);
		} else {
			j->queue[k++] = i;
		}
	}
	if (j->left == 0) {
		job_free(j);
		return 0;
	}
	pump(j);
	return 0;
}
