/*
 * file.h - read a file whole; replace one whole or not at all.
 *
 * Failures return a negative enum error_code (lib/error.h) and leave a
 * message naming the file; read it with error_last().
 */
#ifndef INVENTAIRE_FILE_H
#define INVENTAIRE_FILE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include "lib/error.h"

/*
 * Read the whole file PATH into *OUT (NUL-terminated; *LEN without the NUL,
 * LEN may be NULL). MAX > 0 refuses a larger file with ERROR_TOOBIG before
 * reading it all. 0, or the errno's code (ERROR_NOTFOUND...) with the
 * message "PATH: strerror".
 */
int file_read(char **out, size_t *len, const char *path, size_t max);

/*
 * Replace PATH with DATA[0..len): write PATH.tmp.XXXXXX in the same folder,
 * fsync it, rename it over PATH, fsync the folder. On any failure the old
 * file is untouched, the temporary is removed and the message names PATH.
 */
int atomic_file_write(const char *path, const void *data, size_t len);

/*
 * The same for a cache, whose loss only costs time: atomic against a
 * crash of ours (the old file or the new one, never half of one), but not
 * synced against a power cut, after which PATH may be empty or missing.
 * The reader must check what it reads anyway.
 */
int cache_file_write(const char *path, const void *data, size_t len);

/*
 * The same for writers that produce a FILE*:
 *
 *   struct atomic_file af;
 *   if (atomic_file_open(&af, path) < 0) ...error_last()...
 *   fprintf(af.f, ...);
 *   if (atomic_file_commit(&af) < 0) ...error_last()...
 *
 * or atomic_file_abort(&af) to drop what was written. Commit and abort
 * always release AF, whatever happens.
 */
struct atomic_file {
	FILE *f;            /* write here */
	char *path;         /* the file to replace */
	char *tmp;          /* the temporary beside it */
	int err;            /* an errno a writer on f->fd already met, or 0 */
};

int atomic_file_open(struct atomic_file *af, const char *path);
int atomic_file_commit(struct atomic_file *af);
void atomic_file_abort(struct atomic_file *af);

/*
 * Remove from folder DIR the temporaries a writer killed mid-write left
 * (NAME.tmp.XXXXXX, regular files only): kill -9 between
 * atomic_file_open() and the rename leaves one behind. Call it only while
 * no other writer of DIR can run (under the crawl's lock). 0, or the
 * errno's code of a removal that failed; a missing DIR is no error.
 */
int atomic_file_sweep(const char *dir);

#endif
