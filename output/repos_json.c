/* repos_json.c - repository records as JSON (see repos_json.h). */
#include "output/repos_json.h"

#include <errno.h>

#include "lib/error.h"

static json_t *str_or_null(const char *s)
{
	/* jansson refuses invalid UTF-8: the plug-ins checked it already,
	 * but a null is better than a crash if one slipped through. */
	json_t *v = s ? json_string(s) : NULL;

	return v ? v : json_null();
}

static json_t *count_or_null(long n)
{
	return n < 0 ? json_null() : json_integer(n);
}

json_t *repos_json_record(const struct repo *r)
{
	json_t *o = json_object(), *topics = json_array();

	json_object_set_new(o, "host", str_or_null(r->host));
	json_object_set_new(o, "owner", str_or_null(r->owner));
	json_object_set_new(o, "full_name", str_or_null(r->full_name));
	json_object_set_new(o, "name", str_or_null(r->name));
	json_object_set_new(o, "html_url", str_or_null(r->html_url));
	json_object_set_new(o, "clone_url", str_or_null(r->clone_url));
	json_object_set_new(o, "description", str_or_null(r->description));
	json_object_set_new(o, "default_branch", str_or_null(r->default_branch));
	json_object_set_new(o, "fork", json_boolean(r->fork));
	json_object_set_new(o, "archived", json_boolean(r->archived));
	json_object_set_new(o, "mirror", json_boolean(r->mirror));
	json_object_set_new(o, "empty", json_boolean(r->empty));
	json_object_set_new(o, "created_at", str_or_null(r->created_at));
	json_object_set_new(o, "updated_at", str_or_null(r->updated_at));
	json_object_set_new(o, "pushed_at", str_or_null(r->pushed_at));
	json_object_set_new(o, "stars", count_or_null(r->stars));
	json_object_set_new(o, "forks", count_or_null(r->forks));
	json_object_set_new(o, "open_issues", count_or_null(r->open_issues));
	json_object_set_new(o, "language", str_or_null(r->language));
	for (size_t i = 0; i < r->ntopics; i++) {
		json_t *t = r->topics[i] ? json_string(r->topics[i]) : NULL;

		if (t)
			json_array_append_new(topics, t);
	}
	json_object_set_new(o, "topics", topics);
	json_object_set_new(o, "license", str_or_null(r->license));
	return o;
}

int repos_json_write(FILE *out, const struct repo_list *repos)
{
	json_t *arr = json_array();
	int rc;

	for (size_t i = 0; i < repos->n; i++)
		json_array_append_new(arr, repos_json_record(&repos->v[i]));
	rc = json_dumpf(arr, out, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
	json_decref(arr);
	if (rc < 0 || fputc('\n', out) == EOF)
		return error_errno(errno ? errno : EIO, "writing the JSON listing");
	return 0;
}
