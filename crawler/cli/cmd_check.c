/*
 * cmd_check.c - `inventaire check [PATH]`: check one repository, as the
 * nightly crawl would, and print a verdict.
 */
#include <getopt.h>
#include <stdlib.h>
#include <string.h>

#include "crawler/checks/checks.h"
#include "crawler/cli/cli.h"
#include "crawler/cli/commands.h"
#include "crawler/probe/probe.h"
#include "output/report_out.h"
#include "lib/alloc.h"

static const char usage[] =
"usage: inventaire check [OPTIONS] [PATH|URL]\n"
"       inventaire check --explain RULE\n"
"\n"
"Check one repository the way the nightly crawl does: a licence the French\n"
"administration may use, a README, a valid publiccode.yml, and the\n"
"community files. PATH (default '.') is a git work tree or any directory\n"
"inside one, a bare repository, or a plain directory without git. A URL\n"
"(https://, http:// or file://) is fetched the way the crawl fetches it:\n"
"only the default branch, into a cache (--cache, default\n"
"$XDG_CACHE_HOME/inventaire/git, else ~/.cache/inventaire/git).\n"
"\n"
"For git, the tree of HEAD is read with libgit2: nothing is checked out and\n"
"nothing is written to the repository.\n"
"\n"
"Options:\n"
"  --worktree          read the files on disk instead of HEAD\n"
"  --format FORMAT     text (default), json, sarif or junit\n"
"  --fail-on LEVEL     exit 1 on findings at or above LEVEL:\n"
"                      error (default), warning, or never\n"
"  -o, --output FILE   write the report to FILE instead of standard output\n"
"  --network           also run the checks that need the network\n"
"  --branch BRANCH     with a URL: check BRANCH instead of the default one\n"
"  --cache DIR         with a URL: where fetched repositories are kept\n"
"  --explain RULE      print what RULE means and how to fix it (English and\n"
"                      French); '--explain list' lists the rules\n"
"  -h, --help          print this help\n"
"\n"
"Exit codes: 0 no finding at or above --fail-on; 1 findings at or above it;\n"
"2 usage error; 4 the path cannot be read. The same in every format.\n";

enum format { FORMAT_TEXT, FORMAT_JSON, FORMAT_SARIF, FORMAT_JUNIT };

static const char *const format_names[] = { "text", "json", "sarif", "junit" };

static int explain(const char *id)
{
	const struct rule *r;

	if (!strcmp(id, "list")) {
		for (size_t i = 0; (r = rules_at(i)); i++)
			printf("%-36s %-8s %s\n", r->id, level_name(r->level),
			       r->summary_en);
		return EXIT_OK;
	}
	if (!(r = rules_find(id)))
		return cli_usage("check", "no rule '%s'; 'inventaire check "
		                 "--explain list' lists them", id);
	printf("%s (%s)\n\n%s.\n\n%s\n\n%s.\n\n%s\n", r->id, level_name(r->level),
	       r->summary_en, r->explain_en, r->summary_fr, r->explain_fr);
	return EXIT_OK;
}

static bool is_url(const char *s)
{
	return !strncmp(s, "https://", 8) || !strncmp(s, "http://", 7) ||
	       !strncmp(s, "file://", 7);
}

/* A URL is probed as the crawl probes it, into a cache that is kept
 * between runs so that checking again only fetches what is new. */
static int probe_url(struct probe *probe, char **err, struct report *r,
                     const char *url, const char *branch, const char *cache)
{
	struct probe_remote_opts o = PROBE_REMOTE_OPTS_INIT;
	const char *xdg = getenv("XDG_CACHE_HOME"), *home = getenv("HOME");
	char *dir = cache ? xstrdup(cache) :
	            xdg && *xdg ? xasprintf("%s/inventaire/git", xdg) :
	            xasprintf("%s/.cache/inventaire/git", home && *home ? home : "/tmp");
	int rc;

	o.cache_dir = dir;
	o.branch = branch;
	rc = probe_remote(probe, err, r, url, &o);
	free(dir);
	return rc;
}

static int write_report(FILE *f, const struct report *r, enum format format,
                        int fail_on, bool color)
{
	const struct rule *v[256];
	struct rule_set rules = { v, 0 };
	const struct rule *x;

	for (size_t i = 0; (x = rules_at(i)) && rules.n < 256; i++)
		v[rules.n++] = x;
	switch (format) {
	case FORMAT_JSON:
		return report_write_json(f, r);
	case FORMAT_SARIF:
		return report_write_sarif(f, r, &rules);
	case FORMAT_JUNIT:
		return report_write_junit(f, r, &rules, fail_on);
	case FORMAT_TEXT:
	default:
		return report_write_text(f, r, fail_on, color);
	}
}

int cmd_check(int argc, char **argv)
{
	enum { OPT_WORKTREE = 256, OPT_FORMAT, OPT_FAIL_ON, OPT_EXPLAIN,
	       OPT_NETWORK, OPT_BRANCH, OPT_CACHE };
	static const struct option options[] = {
		{ "worktree", no_argument, NULL, OPT_WORKTREE },
		{ "format", required_argument, NULL, OPT_FORMAT },
		{ "fail-on", required_argument, NULL, OPT_FAIL_ON },
		{ "output", required_argument, NULL, 'o' },
		{ "network", no_argument, NULL, OPT_NETWORK },
		{ "explain", required_argument, NULL, OPT_EXPLAIN },
		{ "branch", required_argument, NULL, OPT_BRANCH },
		{ "cache", required_argument, NULL, OPT_CACHE },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	enum format format = FORMAT_TEXT;
	int fail_on = LEVEL_ERROR, c, rc;
	const char *out_path = NULL, *path = ".", *branch = NULL, *cache = NULL;
	bool worktree = false, network = false;
	struct check_ctx ctx = { 0 };
	struct cli_output out;
	struct report *r;
	struct probe probe;
	char *err;

	opterr = 0;
	optind = 1;
	while ((c = getopt_long(argc, argv, ":ho:", options, NULL)) != -1) {
		switch (c) {
		case 'h':
			fputs(usage, stdout);
			return EXIT_OK;
		case 'o':
			out_path = optarg;
			break;
		case OPT_WORKTREE:
			worktree = true;
			break;
		case OPT_NETWORK:
			network = true;
			break;
		case OPT_BRANCH:
			branch = optarg;
			break;
		case OPT_CACHE:
			cache = optarg;
			break;
		case OPT_EXPLAIN:
			return explain(optarg);
		case OPT_FORMAT: {
			size_t i;
			for (i = 0; i < 4 && strcmp(optarg, format_names[i]); i++)
				;
			if (i == 4)
				return cli_usage("check", "unknown format '%s'; use text, "
				                 "json, sarif or junit", optarg);
			format = (enum format)i;
			break;
		}
		case OPT_FAIL_ON: {
			enum level l;
			if (!strcmp(optarg, "never"))
				fail_on = FAIL_ON_NEVER;
			else if (level_parse(&l, optarg) == 0 && l != LEVEL_INFO)
				fail_on = (int)l;
			else
				return cli_usage("check", "unknown level '%s' for --fail-on;"
				                 " use error, warning or never", optarg);
			break;
		}
		case ':':
			return cli_usage("check", "option '%s' needs a value",
			                 argv[optind - 1]);
		default:
			return cli_usage("check", "unknown option '%s'",
			                 argv[optind - 1]);
		}
	}
	if (optind < argc)
		path = argv[optind++];
	if (optind < argc)
		return cli_usage("check", "one PATH at a time ('%s' is one too "
		                 "many)", argv[optind]);

	if (report_new(&r) < 0) {
		cli_error("out of memory");
		return EXIT_FATAL;
	}
	if (is_url(path)) {
		if (worktree) {
			report_free(r);
			return cli_usage("check", "--worktree needs a local path, not "
			                 "a URL");
		}
		rc = probe_url(&probe, &err, r, path, branch, cache);
		ctx.repo_url = path;
	} else {
		rc = probe_local(&probe, &err, r, path, worktree);
	}
	if (rc < 0) {
		cli_error("%s", err);
		free(err);
		report_free(r);
		return rc == PROBE_EUSAGE ? EXIT_USAGE : EXIT_FATAL;
	}
	ctx.report = r;
	ctx.tree = probe.tree;
	ctx.network = network;
	if ((rc = checks_run(&ctx)) < 0) {
		cli_error("%s: %s", path, tree_error(probe.tree));
		probe_close(&probe);
		report_free(r);
		return EXIT_FATAL;
	}
	probe_close(&probe);

	if (cli_output_open(&out, out_path) < 0) {
		report_free(r);
		return EXIT_FATAL;
	}
	rc = write_report(out.f, r, format, fail_on,
	                  format == FORMAT_TEXT && !out_path && cli_color(stdout));
	if (cli_output_close(&out, rc < 0) < 0 || rc < 0) {
		report_free(r);
		return EXIT_FATAL;
	}
	rc = report_max_level(r) >= fail_on ? EXIT_FINDINGS : EXIT_OK;
	report_free(r);
	return rc;
}
