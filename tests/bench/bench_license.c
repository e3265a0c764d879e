/*
 * bench_license.c - in-process figures for licence identification (the
 * targets: every reference text identified in under 1 ms, median of the
 * rounds; loading the references well under 10 ms at start).
 *
 * usage: bench_license [TEXTS_DIR]   (default: data/licences/texts)
 *
 * Prints, for every reference text, the time license_match() takes on it
 * (the median of ROUNDS rounds, in CPU time of this process, so that other
 * processes on a shared machine do not count), the matcher that answered,
 * then the median over the texts and the slowest, and what loading the
 * references costs. Exits 1 when a text takes 1 ms or more.
 */
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "crawler/license/license_match.h"
#include "lib/alloc.h"
#include "lib/buf.h"

/* Rounds per text: the median is reported. */
#define ROUNDS 21

static double now_us(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
	return (double)ts.tv_sec * 1e6 + (double)ts.tv_nsec / 1e3;
}

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return x < y ? -1 : x > y;
}

static int cmp_name(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

int main(int argc, char **argv)
{
	const char *dir = argc > 1 ? argv[1] : "data/licences/texts";
	DIR *d = opendir(dir);
	struct dirent *de;
	char *names[256];
	double times[256], t0, load, sum = 0;
	size_t n = 0, hashes = 0, slow = 0;
	volatile uint64_t sink = 0;

	if (!d) {
		fprintf(stderr, "bench_license: %s: cannot open\n", dir);
		return 2;
	}
	while ((de = readdir(d)) && n < 256)
		if (strstr(de->d_name, ".txt"))
			names[n++] = xstrdup(de->d_name);
	closedir(d);
	qsort(names, n, sizeof(*names), cmp_name);

	/* Loading: the references are normalised and hashed at build time
	 * (gen_license_data.c); at run time they are constant data in the
	 * binary. Touch every hash once to measure paging them in. */
	t0 = now_us();
	for (size_t i = 0; i < license_nrefs; i++) {
		for (size_t k = 0; k < license_refs[i].nwords; k++)
			sink += license_refs[i].words[k];
		for (size_t k = 0; k < license_refs[i].nbigrams; k++)
			sink += license_refs[i].bigrams[k];
		hashes += license_refs[i].nwords + license_refs[i].nbigrams;
	}
	load = now_us() - t0;

	printf("%-36s %10s %-16s %s\n", "reference text", "median (us)",
	       "identified as", "matcher");
	for (size_t i = 0; i < n; i++) {
		char *path = xasprintf("%s/%s", dir, names[i]);
		FILE *f = fopen(path, "rb");
		struct buf b = BUF_INIT;
		char chunk[65536];
		size_t r;
		struct license_match m;
		double rounds[ROUNDS];

		if (!f)
			return 2;
		while ((r = fread(chunk, 1, sizeof(chunk), f)) > 0)
			buf_add(&b, chunk, r);
		fclose(f);
		for (int round = 0; round < ROUNDS; round++) {
			double t = now_us();
			license_match(&m, b.data, b.len, names[i]);
			rounds[round] = now_us() - t;
		}
		qsort(rounds, ROUNDS, sizeof(*rounds), cmp_double);
		times[i] = rounds[ROUNDS / 2];
		sum += times[i];
		slow += times[i] >= 1000;
		printf("%-36s %10.1f %-16s %s\n", names[i], times[i],
		       m.spdx ? m.spdx : "-", m.matcher ? m.matcher : "-");
		buf_free(&b);
		free(path);
	}
	qsort(times, n, sizeof(*times), cmp_double);
	printf("\nidentification, %zu texts: median %.1f us, mean %.1f us, "
	       "slowest %.1f us; %zu at 1 ms or more\n", n, times[n / 2],
	       sum / (double)n, times[n - 1], slow);
	printf("reference loading: %zu references compiled in (%zu hashes, "
	       "%zu KiB); touching them all: %.1f us\n", license_nrefs, hashes,
	       hashes * 8 / 1024, load);
	for (size_t i = 0; i < n; i++)
		free(names[i]);
	return sink == 42 || slow ? 1 : 0;
}
