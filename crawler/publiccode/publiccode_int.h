/*
 * publiccode_int.h - what the files of the publiccode validator share
 * (not for other modules: they use publiccode.h).
 */
#ifndef INVENTAIRE_PUBLICCODE_INT_H
#define INVENTAIRE_PUBLICCODE_INT_H

#include <stdbool.h>
#include <stddef.h>

#include "crawler/publiccode/publiccode.h"
#include "crawler/publiccode/publiccode_results.h"
#include "crawler/publiccode/publiccode_yaml.h"
#include "lib/error.h"

/* The struct validator (the reference's v0.go tags), in struct-field
 * order. */
void pc_validate_struct(struct pc_run *run);
/* The extra checks (the reference's validations.go, validateFieldsV0),
 * in code order. */
void pc_validate_extra(struct pc_run *run);

/* Relative files (publiccode_files.c). */
enum pc_file_status {
	PC_FILE_OK,
	PC_FILE_MISSING,
	PC_FILE_SKIPPED,    /* no tree and no base directory: not checked */
};
/*
 * Look PATH (relative to the publiccode.yml) up. *SHOWN is the path to
 * show in messages (absolute on disk, repository-relative in a tree);
 * HEAD receives up to 8 bytes of the file (for the PNG signature), *NHEAD
 * how many.
 */
enum pc_file_status pc_file_lookup(char **shown, unsigned char head[8],
                                   size_t *nhead, const struct pc_opts *opts,
                                   const char *path);

/* Network checks (publiccode_net.c): 0 when URL answers 2xx, else a
 * negative code and error_last() says why ("not found", "HTTP status
 * 500", libcurl's reason, or that the address is private). */
int pc_net_reachable(const char *url);

#endif
