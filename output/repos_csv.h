/*
 * repos_csv.h - repository records as CSV, for `inventaire list --format
 * csv`: a header row with the JSON keys (repos_json.h), one row per
 * record, RFC 4180 quoting and CRLF line ends. Text cells that a
 * spreadsheet would run as a formula (starting with = + - @, tab or CR)
 * get a leading single quote (OWASP "CSV injection"): descriptions come
 * from strangers. Topics are joined with ';'.
 */
#ifndef INVENTAIRE_REPOS_CSV_H
#define INVENTAIRE_REPOS_CSV_H

#include <stdio.h>

#include "lib/repo.h"

/* 0, or a negative code (lib/error.h) when OUT cannot be written. */
int repos_csv_write(FILE *out, const struct repo_list *repos);

#endif
