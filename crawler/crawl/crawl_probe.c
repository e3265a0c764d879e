/*
 * crawl_probe.c - probe every listed repository, a few at a time. libgit2
 * is synchronous, so parallelism comes from a small pool of threads, each
 * with its own repositories. The pool starts before the listing: an
 * account's repositories are queued as soon as its listing ends, so a slow
 * forge does not hold up the others' probes, and each account is journaled
 * as soon as its last repository is done (a crash loses at most the
 * accounts in progress).
 */
#include <pthread.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "crawler/crawl/crawl_int.h"
#include "crawler/probe/probe.h"
#include "lib/alloc.h"
#include "lib/error.h"
#include "lib/i18n.h"

struct job {
	struct crawl_account *a;
	size_t i;
};

struct probe_pool {
	struct crawl *c;
	struct job *jobs;            /* the queue: jobs[next..njobs) are waiting */
	size_t njobs, cap;
	size_t next;
	bool closed;                 /* no more accounts will be added */
	pthread_mutex_t mu;
	pthread_cond_t more;         /* jobs were added, or the queue closed */
	pthread_mutex_t journal_mu;  /* the journal file's writes */
	pthread_t *threads;
	size_t nthreads;
};

/*
 * A's repositories are all done: journal it. Called without MU: dumping an
 * account's records and the fsync take long, and under MU they stalled
 * every other prober (bench_crawl.py, 500 repositories an account). No other
 * thread touches A once its last repository is done.
 */
static void account_done(struct probe_pool *pl, struct crawl_account *a)
{
	struct crawl *c = pl->c;
	int rc;

	pthread_mutex_lock(&pl->journal_mu);
	rc = journal_add(c->journal, a->key, &a->found, a->methods, a->paths);
	pthread_mutex_unlock(&pl->journal_mu);
	if (rc < 0)
		crawl_log(&c->log, LOG_ERROR, NULL, "%s", error_last());
	crawl_log(&c->log, LOG_INFO, a->key,
	          P_("%zu repository: %u checked, %u unchanged, %u could not be "
	             "fetched", "%zu repositories: %u checked, %u unchanged, %u "
	             "could not be fetched", a->repos.n),
	          a->repos.n, a->checked, a->reused, a->probe_errors);
}

static void *worker(void *arg)
{
	struct probe_pool *pl = arg;

	for (;;) {
		const char *method = NULL, *path = NULL;
		struct record_repo rec;
		struct job j;
		json_t *count;
		bool last;

		pthread_mutex_lock(&pl->mu);
		while (pl->next >= pl->njobs && !pl->closed &&
		       !crawl_stopping(pl->c))
			pthread_cond_wait(&pl->more, &pl->mu);
		if (pl->next >= pl->njobs || crawl_stopping(pl->c)) {
			pthread_mutex_unlock(&pl->mu);
			probe_thread_end();
			return NULL;
		}
		j = pl->jobs[pl->next++];
		pthread_mutex_unlock(&pl->mu);

		/* The listing's record moves into this run's. */
		crawl_record(&rec, pl->c, j.a, &j.a->repos.v[j.i], &method, &path);

		pthread_mutex_lock(&pl->mu);
		if (!strcmp(method, "error"))
			j.a->probe_errors++;
		else if (!strcmp(method, "unchanged"))
			j.a->reused++;
		else
			j.a->checked++;
		if (!strcmp(path, "listing"))
			j.a->trusted++;
		json_object_set_new(j.a->paths, rec.repo.full_name
		                    ? rec.repo.full_name : "", json_string(path));
		j.a->found.repos[j.i] = rec;
		count = json_object_get(j.a->methods, method);
		json_object_set_new(j.a->methods, method,
		                    json_integer(json_integer_value(count) + 1));
		last = --j.a->pending == 0;
		pthread_mutex_unlock(&pl->mu);
		if (last)
			account_done(pl, j.a);
		crawl_log_repos(&pl->c->log, 1, 0);
	}
}

/*
 * --probe-jobs N is the number of git requests in flight at once, which
 * is what a forge sees. Between two requests a probe works on the CPU
 * (indexing a pack, reading the tree, the checks): with N threads, a few
 * milliseconds a request when no request of that thread is in flight, a
 * tenth of a first crawl's time (tests/bench/bench_crawl.py, "git in
 * flight"). So the pool has a thread per CPU more than N, and the
 * requests wait for one of N slots (probe_limit()).
 */
static unsigned pool_threads(unsigned jobs)
{
	long ncpu = sysconf(_SC_NPROCESSORS_ONLN);
	unsigned extra = ncpu > 0 ? (unsigned)ncpu : 1;

	return jobs + (extra < jobs ? extra : jobs);
}

int probe_pool_start(struct probe_pool **out, struct crawl *c)
{
	struct probe_pool *pl = xcalloc(1, sizeof(*pl));
	unsigned jobs = c->o->probe_jobs ? c->o->probe_jobs : 1;
	unsigned want = pool_threads(jobs);

	pl->c = c;
	pthread_mutex_init(&pl->mu, NULL);
	pthread_mutex_init(&pl->journal_mu, NULL);
	pthread_cond_init(&pl->more, NULL);
	probe_limit(jobs);
	pl->threads = xcalloc(want, sizeof(*pl->threads));
	for (unsigned t = 0; t < want; t++) {
		if (pthread_create(&pl->threads[t], NULL, worker, pl) != 0)
			break;
		pl->nthreads++;
	}
	*out = pl;
	return 0;
}

void probe_pool_add(struct probe_pool *pl, struct crawl_account *a)
{
	/* One slot per repository, in the listing's order; the owners came
	 * first (crawl_list.c). */
	a->found.repos = xcalloc(a->repos.n ? a->repos.n : 1,
	                         sizeof(*a->found.repos));
	a->found.nrepos = a->found.repos_cap = a->repos.n;
	for (size_t i = 0; i < a->repos.n; i++) {
		const char *name = a->repos.v[i].full_name;

		record_repo_init(&a->found.repos[i]);
		/* crawl.json lists the probes' paths in the listing's order,
		 * whichever probe ends first: set the keys now, the values as
		 * the probes end (jansson keeps a key's place). */
		json_object_set_new(a->paths, name ? name : "", json_null());
	}
	a->nfound = a->pending = a->repos.n;
	if (a->pending == 0) {
		account_done(pl, a);
		return;
	}
	pthread_mutex_lock(&pl->mu);
	if (pl->njobs + a->repos.n > pl->cap) {
		pl->cap = 2 * (pl->njobs + a->repos.n);
		pl->jobs = xrealloc(pl->jobs, pl->cap * sizeof(*pl->jobs));
	}
	for (size_t i = 0; i < a->repos.n; i++)
		pl->jobs[pl->njobs++] = (struct job){ a, i };
	pthread_cond_broadcast(&pl->more);
	pthread_mutex_unlock(&pl->mu);
	crawl_log_repos(&pl->c->log, 0, a->repos.n);
}

void probe_pool_finish(struct probe_pool *pl)
{
	pthread_mutex_lock(&pl->mu);
	pl->closed = true;
	pthread_cond_broadcast(&pl->more);
	pthread_mutex_unlock(&pl->mu);
	/* No thread could start: do the work here. */
	if (pl->nthreads == 0 && !crawl_stopping(pl->c))
		worker(pl);
	for (size_t t = 0; t < pl->nthreads; t++)
		pthread_join(pl->threads[t], NULL);
	probe_limit(0);
	free(pl->threads);
	free(pl->jobs);
	pthread_cond_destroy(&pl->more);
	pthread_mutex_destroy(&pl->journal_mu);
	pthread_mutex_destroy(&pl->mu);
	free(pl);
}
