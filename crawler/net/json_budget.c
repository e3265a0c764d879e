/* json_budget.c - count a JSON body's values before parsing it
 * (json_budget.h). RFC 8259's grammar, tokens only: strings are skipped
 * with their escapes, every other value counts where it starts. */
#include "crawler/net/json_budget.h"

#include <stdbool.h>

#include "lib/error.h"

int json_budget_check(const char *body, size_t len, const char *what)
{
	unsigned items[JSON_MAX_DEPTH + 1];   /* per open array, else 0 */
	bool is_array[JSON_MAX_DEPTH + 1];
	unsigned depth = 0;
	size_t values = 0;
	bool in_scalar = false;

	for (size_t i = 0; i < len; i++) {
		char c = body[i];

		if (c == '"') {
			/* a string: one value (or a key), skipped whole */
			for (i++; i < len && body[i] != '"'; i++)
				if (body[i] == '\\')
					i++;
			values++;
			in_scalar = false;
			continue;
		}
		if (c == '{' || c == '[') {
			if (depth == JSON_MAX_DEPTH)
				return error_set(ERROR_TOOBIG, "%s: JSON nested more than "
				                 "%u levels deep; not a listing page", what,
				                 JSON_MAX_DEPTH);
			depth++;
			is_array[depth] = c == '[';
			items[depth] = 0;
			values++;
			in_scalar = false;
		} else if (c == '}' || c == ']') {
			if (depth)
				depth--;
			in_scalar = false;
		} else if (c == ',') {
			if (depth && is_array[depth] &&
			    ++items[depth] >= JSON_MAX_ITEMS)
				return error_set(ERROR_TOOBIG, "%s: a JSON array of more "
				                 "than %u items; forges send at most 100 "
				                 "a page", what, JSON_MAX_ITEMS);
			in_scalar = false;
		} else if (c == ':' || c == ' ' || c == '\t' || c == '\n' ||
		           c == '\r') {
			in_scalar = false;
		} else if (!in_scalar) {
			values++;          /* a number, true, false or null */
			in_scalar = true;
		}
		if (values > JSON_MAX_VALUES)
			return error_set(ERROR_TOOBIG, "%s: more than %u JSON values; "
			                 "not a listing page", what, JSON_MAX_VALUES);
	}
	return 0;
}
