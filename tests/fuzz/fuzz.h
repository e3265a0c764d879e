/*
 * fuzz.h - what the libFuzzer targets of tests/fuzz/ share. Each fuzz_*.c
 * defines LLVMFuzzerTestOneInput (libFuzzer's entry point, llvm.org/docs/
 * LibFuzzer.html); built with -Dfuzz=enabled and clang it is a fuzzer,
 * built with replay.c in every build it replays the seed corpus and the
 * crashes found (tests/fuzz/corpus/NAME/) as a test.
 */
#ifndef INVENTAIRE_FUZZ_H
#define INVENTAIRE_FUZZ_H

#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerInitialize(int *argc, char ***argv);

/* DATA[0..size) in a buffer of exactly SIZE bytes, no NUL after it: a
 * read past the end is AddressSanitizer's to catch. */
static inline char *fuzz_exact(const uint8_t *data, size_t size)
{
	char *p = calloc(size ? size : 1, 1);

	if (!p)
		abort();
	if (size)
		memcpy(p, data, size);
	return p;
}

/* The same, NUL-terminated, for APIs that take a C string. */
static inline char *fuzz_string(const uint8_t *data, size_t size)
{
	char *p = malloc(size + 1);

	if (!p)
		abort();
	if (size)
		memcpy(p, data, size);
	p[size] = '\0';
	return p;
}

#endif
