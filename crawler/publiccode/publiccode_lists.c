/* publiccode_lists.c - searching the embedded code lists (binary search). */
#include "crawler/publiccode/publiccode_lists.h"

#include <string.h>

/* Compare S[0..len) with the NUL-terminated list item T, bytewise, with S
 * lower-cased first when ICASE (the item is already lower case). */
static int cmp(const char *s, size_t len, const char *t, bool icase)
{
	for (size_t i = 0; i < len; i++, t++) {
		unsigned char a = (unsigned char)s[i], b = (unsigned char)*t;

		if (icase && a >= 'A' && a <= 'Z')
			a = (unsigned char)(a - 'A' + 'a');
		if (b == '\0' || a != b)
			return b == '\0' ? 1 : (a < b ? -1 : 1);
	}
	return *t ? -1 : 0;
}

bool pc_list_has(const struct pc_list *l, const char *s, size_t len)
{
	size_t lo = 0, hi = l->n;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		int c = cmp(s, len, l->v[mid], l->icase);

		if (c == 0)
			return true;
		if (c < 0)
			hi = mid;
		else
			lo = mid + 1;
	}
	return false;
}

const char *pc_kvlist_get(const struct pc_kvlist *m, const char *key,
                          size_t len)
{
	size_t lo = 0, hi = m->n;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		int c = cmp(key, len, m->v[mid].key, true);

		if (c == 0)
			return m->v[mid].prefixes;
		if (c < 0)
			hi = mid;
		else
			lo = mid + 1;
	}
	return NULL;
}
