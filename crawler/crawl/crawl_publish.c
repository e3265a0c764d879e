/*
 * crawl_publish.c - what a crawl leaves in its output folder, and what
 * `inventaire merge` leaves in its own from the shards' (crawl_join.c):
 * the feeds (output/feed.h), crawl.json, then the state. Each file is
 * written to a temporary name and renamed; the state comes last, so that
 * until it is saved the journal lets an interrupted run resume.
 *
 * The state is written on a second thread while the feeds are, and only
 * renamed after them: both turn every record into JSON, a fifth of a
 * national crawl's last ten seconds each (tests/bench/bench_crawl.py,
 * perf), and the machine's other CPU is idle once the probes are done.
 * Both only read the inventory.
 */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "crawler/crawl/crawl_int.h"
#include "lib/alloc.h"
#include "lib/error.h"
#include "lib/file.h"
#include "output/feed.h"

static int write_crawl_json(const char *out_dir, const json_t *cov)
{
	char *path = xasprintf("%s/crawl.json", out_dir);
	char *text = json_dumps(cov, JSON_INDENT(2) | JSON_PRESERVE_ORDER |
	                        REPORT_REAL_PRECISION);
	int e = text ? atomic_file_write(path, text, strlen(text))
	             : error_set(ERROR_INVALID, "%s: cannot be written as JSON",
	                         path);

	free(text);
	free(path);
	return e;
}

/* The state's writing, on its own thread. */
struct state_job {
	const char *state_dir;
	const struct feed_input *in;
	const char *shard;
	struct state_write *w;
	int e;
	char msg[ERROR_MSG_MAX];   /* error_last() is the thread's own */
};

static void *state_job_run(void *arg)
{
	struct state_job *j = arg;

	j->e = state_write(&j->w, j->state_dir, j->in->inv, j->in->entries,
	                   j->in->nentries, j->shard);
	if (j->e < 0)
		snprintf(j->msg, sizeof(j->msg), "%s", error_last());
	return NULL;
}

int crawl_publish(const char *out_dir, const struct feed_input *in,
                  const json_t *coverage, const struct crawl_shard *shard)
{
	char *state_dir = xasprintf("%s/state", out_dir);
	char *name = crawl_shard_name(shard);
	struct state_job j = { state_dir, in, name, NULL, 0, "" };
	pthread_t t;
	bool threaded = pthread_create(&t, NULL, state_job_run, &j) == 0;
	int e;

	if (!threaded)
		state_job_run(&j);
	if ((e = feed_write_all(out_dir, in)) == 0 && coverage)
		e = write_crawl_json(out_dir, coverage);
	if (threaded)
		pthread_join(t, NULL);
	if (e < 0) {
		state_commit(j.w, false);    /* the feeds' failure is the message */
	} else if (j.e < 0) {
		e = error_set(j.e, "%s", j.msg);
	} else {
		e = state_commit(j.w, true);
	}
	free(name);
	free(state_dir);
	return e;
}
