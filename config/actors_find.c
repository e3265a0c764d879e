/*
 * actors_find.c - questions about the actors of actors.yml: which actor is
 * this (by id, pso_id, account or domain), which actors have no account
 * yet (the ones `inventaire discover` searches for), and whether the
 * accounts list and the actors agree.
 */
#include "config/config.h"

#include <string.h>
#include <strings.h>

#include "lib/error.h"

/* code.gouv.fr's pso_id for bodies the directory does not list (local
 * government, hospitals, "missions d'intérêt général"): the header of
 * codegouvfr/codegouvfr-data, comptes-organismes-publics.yml. */
static const char placeholder_pso_id[] = "00000000-0000-0000-0000-000000000000";

const struct actor *actors_find(const struct actors *a, const char *pso_id)
{
	for (size_t i = 0; pso_id && i < a->n; i++)
		if (a->v[i].pso_id && !strcasecmp(a->v[i].pso_id, pso_id))
			return &a->v[i];
	return NULL;
}

const struct actor *actors_find_id(const struct actors *a, const char *id)
{
	for (size_t i = 0; id && i < a->n; i++)
		if (!strcasecmp(a->v[i].id, id))
			return &a->v[i];
	return NULL;
}

/* The length of ACTOR's longest domain that HOST is or is under, or 0. */
static size_t domain_match(const struct actor *actor, const char *host)
{
	size_t n = strlen(host), best = 0;

	for (size_t i = 0; i < actor->ndomains; i++) {
		const char *d = actor->domains[i];
		size_t m = strlen(d);

		/* The domain itself, or a name under it: never "xars.sante.fr". */
		if (n >= m && !strcasecmp(host + n - m, d) &&
		    (n == m || host[n - m - 1] == '.') && m > best)
			best = m;
	}
	return best;
}

bool actor_has_domain(const struct actor *actor, const char *host)
{
	return host && domain_match(actor, host) > 0;
}

const struct actor *actors_find_domain(const struct actors *a, const char *host)
{
	const struct actor *best = NULL;
	size_t best_len = 0;

	for (size_t i = 0; host && i < a->n; i++) {
		size_t m = domain_match(&a->v[i], host);

		if (m > best_len) {
			best = &a->v[i];
			best_len = m;
		}
	}
	return best;
}

/* Does CLAIM ("host" or "host/owner") name entry E? */
static bool claim_is(const char *claim, const struct account_entry *e)
{
	size_t h = strlen(e->host);

	if (strncasecmp(claim, e->host, h))
		return false;
	if (!e->owner)
		return claim[h] == '\0';
	return claim[h] == '/' && !strcasecmp(claim + h + 1, e->owner);
}

static const struct actor *claimant(const struct actors *a,
                                    const struct account_entry *e)
{
	for (size_t i = 0; i < a->n; i++)
		for (size_t j = 0; j < a->v[i].naccounts; j++)
			if (claim_is(a->v[i].accounts[j], e))
				return &a->v[i];
	return NULL;
}

const struct actor *actors_for_account(const struct actors *a,
                                       const struct account_entry *e)
{
	const struct actor *x = claimant(a, e);

	return x ? x : actors_find(a, e->pso_id);
}

size_t actors_count_accounts(const struct actors *a, const struct actor *actor,
                             const struct accounts *accounts)
{
	size_t n = 0;

	for (size_t i = 0; i < accounts->n; i++)
		n += actors_for_account(a, &accounts->v[i]) == actor;
	return n;
}

const struct actor *actors_next_unlisted(const struct actors *a,
                                         const struct accounts *accounts,
                                         size_t *pos)
{
	while (*pos < a->n) {
		const struct actor *x = &a->v[(*pos)++];

		if (x->pso_id && !strcmp(x->pso_id, placeholder_pso_id))
			continue;
		if (!actors_count_accounts(a, x, accounts))
			return x;
	}
	return NULL;
}

int config_check_actors(const struct accounts *accounts,
                        const struct actors *actors)
{
	for (size_t i = 0; i < accounts->n; i++) {
		const struct account_entry *e = &accounts->v[i];

		if (e->pso_id && !actors_find(actors, e->pso_id))
			return error_set(ERROR_INVALID, "%s:%u: %s%s%s: unknown pso_id "
			                 "%s; add an actor with this pso_id to %s",
			                 accounts->source, e->line, e->host,
			                 e->owner ? "/" : "", e->owner ? e->owner : "",
			                 e->pso_id, actors->source);
	}
	for (size_t i = 0; i < actors->n; i++) {
		const struct actor *x = &actors->v[i];

		for (size_t j = 0; j < x->naccounts; j++) {
			bool found = false;

			for (size_t k = 0; k < accounts->n && !found; k++)
				found = claim_is(x->accounts[j], &accounts->v[k]);
			if (!found)
				return error_set(ERROR_INVALID, "%s:%u: %s: accounts: %s is "
				                 "not in %s; add it there, or remove it here",
				                 actors->source, x->line, x->id,
				                 x->accounts[j], accounts->source);
		}
	}
	return 0;
}
