/* file.h - read a file whole; replace one whole or not at all. */
#ifndef INVENTAIRE_FILE_H
#define INVENTAIRE_FILE_H

#include <stddef.h>

/*
 * Read the whole file PATH into *OUT (NUL-terminated; *LEN without the NUL,
 * LEN may be NULL). MAX > 0 refuses a larger file with -EFBIG before
 * reading it all. 0, or a negative errno value.
 */
int file_read(char **out, size_t *len, const char *path, size_t max);

/*
 * Replace PATH with DATA[0..len): write PATH.tmp-XXXXXX in the same folder,
 * fsync it, rename it over PATH, fsync the folder. On any failure the old
 * file is untouched, the temporary is removed and *ERR names PATH.
 */
int atomic_file_write(char **err, const char *path, const void *data,
                      size_t len);

#endif
