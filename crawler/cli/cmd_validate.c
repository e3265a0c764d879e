/*
 * cmd_validate.c - `inventaire validate FILE...`: validate publiccode.yml
 * files exactly as the reference parser (italia/publiccode-parser-go v5)
 * does, with its keys, messages and positions
 * (crawler/publiccode/publiccode.h).
 */
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <jansson.h>
#include <libgen.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "crawler/cli/cli.h"
#include "crawler/cli/commands.h"
#include "crawler/publiccode/publiccode.h"
#include "lib/report.h"
#include "lib/alloc.h"
#include "lib/buf.h"
#include "lib/error.h"
#include "lib/i18n.h"
#include "lib/str.h"

static const char usage[] = N_(
"usage: inventaire validate [--no-network|--network] [--format text|json]\n"
"                           FILE...\n"
"\n"
"Validate publiccode.yml files the way the reference parser\n"
"(italia/publiccode-parser-go v5) and the catalogues that use it do: same\n"
"rules, same messages, with the line and column of each. '-' reads\n"
"standard input.\n"
"\n"
"Relative paths in the file (logo, screenshots, authorsFile) are looked up\n"
"beside it (in the current directory for standard input).\n"
"\n"
"Options:\n"
"  --no-network        offline checks only (the default)\n"
"  --network           also check that URLs answer and fetch remote logos\n"
"                      and screenshots (30 s timeout each)\n"
"  --format FORMAT     text (default): FILE:LINE:COL: error: KEY: MESSAGE\n"
"                      json: a list of {\"type\", \"key\", \"description\",\n"
"                      \"line\", \"column\"}, or [] (with several FILEs, an\n"
"                      object of such lists keyed by FILE)\n"
"  -h, --help          print this help\n"
"\n"
"Line 0 and column 0 mean the result has no position.\n"
"\n"
"Exit codes: 0 valid (warnings allowed); 1 some file has errors; 2 usage\n"
"error; 4 a file cannot be read. The same in every format.\n");

/*
 * Read at most PUBLICCODE_MAX_BYTES + 1 bytes of FD: a bigger input is
 * refused whole by the validator, so a 100 MB file costs 1 MiB of memory.
 */
static int read_capped(struct buf *b, int fd, const char *file)
{
	char chunk[65536];

	for (;;) {
		size_t want = PUBLICCODE_MAX_BYTES + 1 - b->len;
		ssize_t n;

		if (want == 0)
			return 0;
		n = read(fd, chunk, want < sizeof(chunk) ? want : sizeof(chunk));
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			return error_errno(errno, "%s", file);
		if (n == 0)
			return 0;
		buf_add(b, chunk, (size_t)n);
	}
}

/* Validate one FILE into R; -1 (message printed) when it cannot be read. */
static int validate_file(struct pc_results *r, const char *file, bool network)
{
	struct pc_opts opts = { .network = network };
	struct buf b = BUF_INIT;
	struct stat st;
	char *dir = NULL;
	int fd, err;

	if (!strcmp(file, "-")) {
		fd = STDIN_FILENO;
		opts.base_dir = ".";
	} else {
		char *copy = xstrdup(file);

		if ((fd = open(file, O_RDONLY)) < 0) {
			cli_error("%s: %s", file, strerror(errno));
			free(copy);
			return -1;
		}
		dir = xstrdup(dirname(copy));
		free(copy);
		opts.base_dir = dir;
	}
	if (fstat(fd, &st) == 0 && S_ISDIR(st.st_mode)) {
		cli_error("%s: is a directory; give the publiccode.yml file, or "
		          "run 'inventaire check %s'", file, file);
		err = -1;
	} else if (fstat(fd, &st) == 0 && S_ISREG(st.st_mode) &&
	           st.st_size > PUBLICCODE_MAX_BYTES) {
		/* Refused on its size alone, without reading it. */
		err = publiccode_validate(r, NULL, (size_t)st.st_size, &opts);
	} else if ((err = read_capped(&b, fd, file)) < 0) {
		cli_error("%s", error_last());
		err = -1;
	} else {
		err = publiccode_validate(r, b.data ? b.data : "", b.len, &opts);
		if (err < 0) {
			cli_error("%s: cannot be validated (%s)", file, error_last());
			err = -1;
		}
	}
	if (fd != STDIN_FILENO)
		close(fd);
	buf_free(&b);
	free(dir);
	return err < 0 ? -1 : 0;
}

static json_t *results_json(const struct pc_results *r)
{
	json_t *a = json_array();

	/* The reference CLI's -json fields (publiccode-parser-go v5,
	 * publiccode-parser/publiccode_parser.go) */
	for (size_t i = 0; i < r->n; i++) {
		json_t *o = json_object();
		json_object_set_new(o, "type", json_string(r->v[i].type == PC_ERROR
		                                           ? "error" : "warning"));
		json_object_set_new(o, "key", report_string(r->v[i].key));
		json_object_set_new(o, "description",
		                    report_string(r->v[i].description));
		json_object_set_new(o, "line", json_integer(r->v[i].line));
		json_object_set_new(o, "column", json_integer(r->v[i].column));
		json_array_append_new(a, o);
	}
	return a;
}

int cmd_validate(int argc, char **argv)
{
	enum { OPT_FORMAT = 256, OPT_NETWORK, OPT_NO_NETWORK };
	static const struct option options[] = {
		{ "format", required_argument, NULL, OPT_FORMAT },
		{ "network", no_argument, NULL, OPT_NETWORK },
		{ "no-network", no_argument, NULL, OPT_NO_NETWORK },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	bool network = false, json = false, invalid = false, unreadable = false;
	json_t *all = NULL;
	int c, nfiles;

	opterr = 0;
	optind = 1;
	while ((c = getopt_long(argc, argv, ":h", options, NULL)) != -1) {
		switch (c) {
		case 'h':
			fputs(_(usage), stdout);
			return EXIT_OK;
		case OPT_NETWORK:
			network = true;
			break;
		case OPT_NO_NETWORK:
			network = false;
			break;
		case OPT_FORMAT:
			if (!strcmp(optarg, "json"))
				json = true;
			else if (!strcmp(optarg, "text"))
				json = false;
			else
				return cli_usage("validate", "unknown format '%s'; use text "
				                 "or json", optarg);
			break;
		case ':':
			return cli_usage("validate", "option '%s' needs a value",
			                 argv[optind - 1]);
		default:
			return cli_usage("validate", "unknown option '%s'",
			                 argv[optind - 1]);
		}
	}
	nfiles = argc - optind;
	if (nfiles < 1)
		return cli_usage("validate", "give at least one FILE ('-' for "
		                 "standard input)");
	if (json && nfiles > 1)
		all = json_object();
	for (int i = optind; i < argc; i++) {
		struct pc_results r = PC_RESULTS_INIT;

		if (validate_file(&r, argv[i], network) < 0) {
			unreadable = true;
			pc_results_free(&r);
			continue;
		}
		invalid |= !pc_results_valid(&r);
		if (json && all) {
			json_object_set_new(all, argv[i], results_json(&r));
		} else if (json) {
			json_t *a = results_json(&r);
			json_dumpf(a, stdout, JSON_INDENT(2));
			fputc('\n', stdout);
			json_decref(a);
		} else {
			for (size_t k = 0; k < r.n; k++) {
				char *line = pc_result_format(&r.v[k], argv[i]);
				/* Keys come from the file: no control
				 * character reaches the terminal. */
				char *safe = str_printable(line, strlen(line));

				puts(safe);
				free(safe);
				free(line);
			}
		}
		pc_results_free(&r);
	}
	if (all) {
		json_dumpf(all, stdout, JSON_INDENT(2));
		fputc('\n', stdout);
		json_decref(all);
	}
	if (fflush(stdout) != 0) {
		cli_error("standard output: %s", strerror(errno));
		return EXIT_FATAL;
	}
	if (unreadable)
		return EXIT_FATAL;
	return invalid ? EXIT_FINDINGS : EXIT_OK;
}
