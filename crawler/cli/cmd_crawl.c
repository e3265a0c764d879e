/*
 * cmd_crawl.c - `inventaire crawl`: the nightly job. Reads the accounts
 * list, lists and checks every repository, and writes the files
 * code.gouv.fr reads (crawl.h says how).
 */
#include <getopt.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "crawler/cli/cli.h"
#include "crawler/cli/commands.h"
#include "crawler/crawl/crawl.h"
#include "lib/date.h"
#include "lib/error.h"
#include "lib/i18n.h"

static const char usage[] = N_(
"usage: inventaire crawl [OPTIONS]\n"
"\n"
"List every public repository of every account of the accounts list, check\n"
"each one as 'inventaire check' does, and write the files code.gouv.fr reads\n"
"into the output folder. Without --config, the embedded list of the social\n"
"and health ministries' accounts is crawled.\n"
"\n"
"Options:\n"
"  --config FILE       accounts list, in code.gouv.fr's\n"
"                      comptes-organismes-publics.yml format\n"
"  --actors FILE       pso_id -> actor names (default: the embedded one with\n"
"                      the embedded list; none with --config)\n"
"  --out DIR           output folder (default: inventaire-out)\n"
"  --only WHAT         crawl only an actor (acronym, name or pso_id), a host,\n"
"                      or host/owner; the others keep their last results\n"
"  --upstream FILE     code.gouv.fr's national comptes-organismes-publics.yml:\n"
"                      also write comptes-organismes-publics.additions.yml,\n"
"                      what it lacks of the accounts list, in its format\n"
"  -j, --jobs N        API requests in flight per host (default 4)\n"
"  --probe-jobs N      git requests in flight at once (default 4)\n"
"  --shard K/N         crawl only shard K (from 0) of N: the accounts whose\n"
"                      name hashes to K, and K's share of whole forges; join\n"
"                      the N outputs with 'inventaire merge'\n"
"  --max-time S        give up an API request after S seconds of retries and\n"
"                      rate-limit waits, and a repository's fetch after S\n"
"                      seconds, git's requests included (default 600)\n"
"  --max-failed P      exit 5 when more than P percent of the accounts could\n"
"                      not be listed (default: no limit, exit 3)\n"
"  --dry-run           print the accounts that would be crawled, and stop\n"
"  -q, --quiet         only errors, warnings and the summary (for cron)\n"
"  --log-format FMT    text (default) or json: one JSON object per line\n"
"  -h, --help          print this help\n"
"\n"
"Output folder: codegouvfr-repositories.{json,csv,spreadsheet.csv},\n"
"codegouvfr-organizations.{json,csv,spreadsheet.csv}, repos_preprod.json,\n"
"owners.json, codegouvfr-forges.csv, stats_preprod.json,\n"
"latest-repositories.xml, comptes-organismes-publics.yml (and its\n"
".additions.yml with --upstream) (the feeds), crawl.json (what was\n"
"reached), schema/ (their JSON Schemas), rapport.{html,md} (the report),\n"
"history.jsonl (every crawl's indicators), changes.{json,atom} (what changed\n"
"since the last crawl), and state/ (what the next run builds on; a lock\n"
"refuses a second crawl). discover.json, written by 'inventaire discover',\n"
"is read, not written.\n"
"\n"
"An account that cannot be listed keeps its repositories from the last run,\n"
"marked stale. A run that is interrupted (SIGINT, SIGTERM, a crash) leaves\n"
"the published files as they were, and the next run resumes without redoing\n"
"the accounts it had finished.\n"
"\n"
"Environment: GITHUB_TOKEN (several, comma-separated, are used in turn),\n"
"GITLAB_TOKEN, INVENTAIRE_TOKEN_<HOST> (dots and dashes as '_'); each unset\n"
"one is read from $CREDENTIALS_DIRECTORY/NAME when there (systemd's\n"
"LoadCredential=).\n"
"\n"
"Exit codes: 0 complete; 2 usage or configuration error; 3 partial (some\n"
"accounts could not be listed, some repositories could not be fetched, or\n"
"the run was interrupted); 4 nothing could be written; 5 more than\n"
"--max-failed percent of the accounts could not be listed (the files are\n"
"written all the same).\n");

enum { OPT_CONFIG = 256, OPT_ACTORS, OPT_OUT, OPT_ONLY, OPT_PROBE_JOBS,
       OPT_MAX_TIME, OPT_MAX_FAILED, OPT_DRY_RUN, OPT_LOG_FORMAT, OPT_TODAY,
       OPT_SHARD, OPT_NOW,
       OPT_UPSTREAM };

/* The one piece of global state besides the libraries': a signal flag,
 * which the crawl reads through crawl_opts.stop. */
static volatile sig_atomic_t crawl_stop;

static void on_signal(int sig)
{
	/* First signal: finish cleanly. Second: stop now; the journal and
	 * the lock (flock) need no cleanup. */
	if (crawl_stop)
		_exit(128 + sig);
	crawl_stop = 1;
}

static int parse_uint(unsigned *out, const char *s, unsigned lo, unsigned hi)
{
	char *end;
	unsigned long v = strtoul(s, &end, 10);

	if (!*s || *end || v < lo || v > hi)
		return -1;
	*out = (unsigned)v;
	return 0;
}

/* "K/N" with 0 <= K < N <= 10000. */
static int parse_shard(struct crawl_shard *out, const char *s)
{
	char *end;
	unsigned long k = strtoul(s, &end, 10), n;

	if (end == s || *end != '/' || s[0] == '-')
		return -1;
	s = end + 1;
	n = strtoul(s, &end, 10);
	if (end == s || *end || s[0] == '-' || n < 1 || n > 10000 || k >= n)
		return -1;
	out->index = (unsigned)k;
	out->count = (unsigned)n;
	return 0;
}

/* DESIGN.md's exit codes for what crawl_run() says. */
static int exit_code(int rc, enum crawl_outcome outcome)
{
	if (rc == ERROR_USAGE)
		return EXIT_USAGE;
	if (rc < 0)
		return EXIT_FATAL;
	if (outcome == CRAWL_TOO_MANY_FAILED)
		return EXIT_TOO_MANY_FAILED;
	return outcome == CRAWL_COMPLETE ? EXIT_OK : EXIT_PARTIAL;
}

/* A percentage from 0 to 100 into *OUT: "10", "2.5" or "10%". */
static int parse_percent(double *out, const char *s)
{
	char *end;
	double v = strtod(s, &end);

	if (end != s && *end == '%')
		end++;
	if (end == s || *end || !(v >= 0 && v <= 100))
		return -1;
	*out = v;
	return 0;
}

/* One option C with argument ARG into O; 0, or EXIT_USAGE after saying
 * what is wrong. */
static int set_option(struct crawl_opts *o, unsigned *max_time, int c,
                      const char *arg)
{
	switch (c) {
	case OPT_CONFIG: o->config_path = arg; break;
	case OPT_ACTORS: o->actors_path = arg; break;
	case OPT_OUT: o->out_dir = arg; break;
	case OPT_ONLY: o->only = arg; break;
	case OPT_UPSTREAM: o->upstream_path = arg; break;
	case OPT_DRY_RUN: o->dry_run = true; break;
	case 'q': o->quiet = true; break;
	case OPT_TODAY:
		if (strlen(arg) != 10)
			return cli_usage("crawl", "--today takes YYYY-MM-DD");
		o->today = arg;
		break;
	case OPT_NOW:
		/* Tests: a resumed crawl compared byte for byte with an
		 * uninterrupted one needs the same checked_at. */
		if (strlen(arg) != 20 || arg[10] != 'T' || arg[19] != 'Z')
			return cli_usage("crawl", "--now takes YYYY-MM-DDTHH:MM:SSZ");
		o->now = arg;
		break;
	case 'j':
		if (parse_uint(&o->jobs, arg, 1, 64) < 0)
			return cli_usage("crawl", "--jobs takes a number from 1 to "
			                 "64, not '%s'", arg);
		break;
	case OPT_SHARD:
		if (parse_shard(&o->shard, arg) < 0)
			return cli_usage("crawl", "--shard takes K/N, shard K (from 0) "
			                 "of N, not '%s'", arg);
		break;
	case OPT_PROBE_JOBS:
		if (parse_uint(&o->probe_jobs, arg, 1, 64) < 0)
			return cli_usage("crawl", "--probe-jobs takes a number from "
			                 "1 to 64, not '%s'", arg);
		break;
	case OPT_MAX_TIME:
		if (parse_uint(max_time, arg, 1, 86400) < 0)
			return cli_usage("crawl", "--max-time takes seconds, from 1 "
			                 "to 86400, not '%s'", arg);
		break;
	case OPT_MAX_FAILED:
		if (parse_percent(&o->max_failed, arg) < 0)
			return cli_usage("crawl", "--max-failed takes a percentage "
			                 "of the accounts, from 0 to 100, not '%s'",
			                 arg);
		break;
	case OPT_LOG_FORMAT:
		if (!strcmp(arg, "json"))
			o->log_format = LOG_JSON;
		else if (!strcmp(arg, "text"))
			o->log_format = LOG_TEXT;
		else
			return cli_usage("crawl", "unknown log format '%s'; use text "
			                 "or json", arg);
		break;
	}
	return 0;
}

/* Parse ARGV into O; -1 to go on, else the exit code (help, usage). */
static int parse_opts(struct crawl_opts *o, int argc, char **argv)
{
	static const struct option options[] = {
		{ "config", required_argument, NULL, OPT_CONFIG },
		{ "actors", required_argument, NULL, OPT_ACTORS },
		{ "out", required_argument, NULL, OPT_OUT },
		{ "only", required_argument, NULL, OPT_ONLY },
		{ "upstream", required_argument, NULL, OPT_UPSTREAM },
		{ "jobs", required_argument, NULL, 'j' },
		{ "probe-jobs", required_argument, NULL, OPT_PROBE_JOBS },
		{ "shard", required_argument, NULL, OPT_SHARD },
		{ "max-time", required_argument, NULL, OPT_MAX_TIME },
		{ "max-failed", required_argument, NULL, OPT_MAX_FAILED },
		{ "dry-run", no_argument, NULL, OPT_DRY_RUN },
		{ "quiet", no_argument, NULL, 'q' },
		{ "log-format", required_argument, NULL, OPT_LOG_FORMAT },
		{ "today", required_argument, NULL, OPT_TODAY },  /* tests */
		{ "now", required_argument, NULL, OPT_NOW },      /* tests */
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	unsigned max_time = 600;
	int c;

	opterr = 0;
	optind = 1;
	while ((c = getopt_long(argc, argv, ":hqj:", options, NULL)) != -1) {
		if (c == 'h') {
			fputs(_(usage), stdout);
			return EXIT_OK;
		}
		if (c == ':')
			return cli_usage("crawl", "option '%s' needs a value",
			                 argv[optind - 1]);
		if (c == '?')
			return cli_usage("crawl", "unknown option '%s'",
			                 argv[optind - 1]);
		if (set_option(o, &max_time, c, optarg) != 0)
			return EXIT_USAGE;
	}
	if (optind < argc)
		return cli_usage("crawl", "unexpected argument '%s'", argv[optind]);
	o->max_time_ms = (long)max_time * 1000;
	return -1;
}

/*
 * The run's clock: now, or INVENTAIRE_NOW ("YYYY-MM-DDTHH:MM:SSZ"), which
 * only tests set, to run a week of nightly crawls in a few seconds
 * (tests/cli/crawl_fresh.py). 0, or -1 when INVENTAIRE_NOW is not such a
 * time.
 */
static int run_clock(time_t *out)
{
	const char *fake = getenv("INVENTAIRE_NOW");
	long long t;

	*out = time(NULL);
	if (!fake || !*fake)
		return 0;
	/* Our own form only, as the state writes it. */
	if (strlen(fake) != 20 || fake[19] != 'Z' || date_seconds(&t, fake) < 0)
		return -1;
	*out = (time_t)t;
	return 0;
}

int cmd_crawl(int argc, char **argv)
{
	struct crawl_opts o = { 0 };
	enum crawl_outcome outcome;
	struct sigaction sa;
	char today[16], now[32];
	time_t t;
	struct tm tm;
	int rc;

	if (run_clock(&t) < 0)
		return cli_usage("crawl", "INVENTAIRE_NOW must be a time such as "
		                 "2024-01-31T02:00:00Z (tests only)");
	gmtime_r(&t, &tm);
	strftime(today, sizeof(today), "%Y-%m-%d", &tm);
	strftime(now, sizeof(now), "%Y-%m-%dT%H:%M:%SZ", &tm);
	o.out_dir = "inventaire-out";
	o.jobs = 4;
	o.probe_jobs = 4;
	o.max_failed = -1;
	o.today = today;
	o.now = now;
	o.now_s = (long long)t;
	o.stop = &crawl_stop;
	if ((rc = parse_opts(&o, argc, argv)) >= 0)
		return rc;

	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_signal;
	sigemptyset(&sa.sa_mask);
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
	rc = crawl_run(&outcome, &o);
	return exit_code(rc, outcome);
}
