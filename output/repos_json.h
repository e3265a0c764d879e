/*
 * repos_json.h - repository records as JSON, for `inventaire list
 * --format json` and the repository part of the crawl's state
 * (crawler/crawl/record_json.h): an array of the normalized records with
 * snake_case keys, in the order README.md ("inventaire list") documents:
 * host, owner, full_name, name, html_url, clone_url, description,
 * default_branch, fork, archived, mirror, empty, created_at, updated_at,
 * pushed_at, stars, forks, open_issues, language, topics, license.
 * Unknown values are null.
 */
#ifndef INVENTAIRE_REPOS_JSON_H
#define INVENTAIRE_REPOS_JSON_H

#include <stdio.h>
#include <jansson.h>

#include "lib/repo.h"

/* One record as a new JSON object (keys in the order above). */
json_t *repos_json_record(const struct repo *r);
/* The whole list as a JSON array, indented, with a final newline.
 * 0, or a negative code (lib/error.h) when OUT cannot be written. */
int repos_json_write(FILE *out, const struct repo_list *repos);

#endif
