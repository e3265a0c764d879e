/*
 * cmd_diff.c - `inventaire diff OLD_DIR NEW_DIR`: what changed between two
 * crawls' output folders, compared as every crawl compares itself with the
 * last one (output/changes.h): the same changes.json, changes.atom, or a
 * line per change for a terminal.
 */
#include <getopt.h>
#include <stdio.h>
#include <string.h>

#include "crawler/cli/cli.h"
#include "crawler/cli/commands.h"
#include "crawler/crawl/outputs.h"
#include "lib/buf.h"
#include "lib/error.h"
#include "lib/i18n.h"
#include "output/changes.h"

static const char usage[] = N_(
"usage: inventaire diff [--format text|json|atom] [--lang fr|en] [-o FILE]\n"
"                       OLD_DIR NEW_DIR\n"
"\n"
"Say what changed between two crawls, from their output folders (each\n"
"one's inventory in state/ and its crawl.json): repositories new and\n"
"removed, renamed and transferred, archived and unarchived; licences\n"
"changed; publiccode.yml added or turned invalid; accounts that became\n"
"unreachable. Every crawl writes the same comparison with the one before\n"
"it, as changes.json and changes.atom.\n"
"\n"
"Options:\n"
"  --format FORMAT     text (default): one line per change\n"
"                      json: as changes.json\n"
"                      atom: as changes.atom, an Atom 1.0 feed\n"
"  --lang LANG         the language of the Atom feed: fr (default) or en\n"
"  -o, --output FILE   write to FILE instead of standard output\n"
"  -h, --help          print this help\n"
"\n"
"Exit codes: 0 compared (whether anything changed or not); 2 usage error;\n"
"4 a folder is not a crawl's output, a file of it is damaged, or the\n"
"output could not be written.\n");

enum diff_format { DIFF_TEXT, DIFF_JSON, DIFF_ATOM };

struct diff_opts {
	enum diff_format format;
	enum rapport_lang lang;
	const char *output;
	const char *old_dir, *new_dir;
};

static int set_format(struct diff_opts *o, const char *arg)
{
	if (!strcmp(arg, "text"))
		o->format = DIFF_TEXT;
	else if (!strcmp(arg, "json"))
		o->format = DIFF_JSON;
	else if (!strcmp(arg, "atom"))
		o->format = DIFF_ATOM;
	else
		return cli_usage("diff", "unknown format '%s'; use text, json or "
		                 "atom", arg);
	return 0;
}

/* -1 to go on, else the exit code (help, usage). */
static int parse_opts(struct diff_opts *o, int argc, char **argv)
{
	enum { OPT_FORMAT = 256, OPT_LANG };
	static const struct option options[] = {
		{ "format", required_argument, NULL, OPT_FORMAT },
		{ "lang", required_argument, NULL, OPT_LANG },
		{ "output", required_argument, NULL, 'o' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	int c;

	opterr = 0;
	optind = 1;
	while ((c = getopt_long(argc, argv, ":ho:", options, NULL)) != -1) {
		switch (c) {
		case 'h':
			fputs(_(usage), stdout);
			return EXIT_OK;
		case 'o': o->output = optarg; break;
		case OPT_FORMAT:
			if (set_format(o, optarg))
				return EXIT_USAGE;
			break;
		case OPT_LANG:
			if (rapport_lang_parse(&o->lang, optarg) < 0)
				return cli_usage("diff", "%s", error_last());
			break;
		case ':':
			return cli_usage("diff", "option '%s' needs a value",
			                 argv[optind - 1]);
		default:
			return cli_usage("diff", "unknown option '%s'",
			                 argv[optind - 1]);
		}
	}
	if (argc - optind != 2)
		return cli_usage("diff", "give two output folders, OLD_DIR and "
		                 "NEW_DIR");
	o->old_dir = argv[optind];
	o->new_dir = argv[optind + 1];
	return -1;
}

static int write_changes(const struct diff_opts *o, const struct changes *c)
{
	struct cli_output out;
	struct buf b = BUF_INIT;
	int rc;

	if (o->format == DIFF_JSON)
		changes_json_text(&b, c);
	else if (o->format == DIFF_ATOM)
		changes_atom(&b, c, o->lang);
	else
		changes_text(&b, c);
	if ((rc = cli_output_open(&out, o->output)) < 0) {
		buf_free(&b);
		return rc;
	}
	/* A short write sets the stream's error, which closing reports. */
	if (b.len)
		fwrite(b.data, 1, b.len, out.f);
	buf_free(&b);
	return cli_output_close(&out, false);
}

int cmd_diff(int argc, char **argv)
{
	struct diff_opts o = { .format = DIFF_TEXT, .lang = RAPPORT_FR };
	struct outputs old, new_;
	struct changes c;
	int rc;

	if ((rc = parse_opts(&o, argc, argv)) >= 0)
		return rc;
	if (outputs_load(&old, o.old_dir) < 0) {
		cli_error("%s", error_last());
		return EXIT_FATAL;
	}
	if (outputs_load(&new_, o.new_dir) < 0) {
		cli_error("%s", error_last());
		outputs_clear(&old);
		return EXIT_FATAL;
	}
	outputs_changes(&c, &old, &new_);
	rc = write_changes(&o, &c);
	changes_clear(&c);
	outputs_clear(&old);
	outputs_clear(&new_);
	return rc < 0 ? EXIT_FATAL : EXIT_OK;
}
