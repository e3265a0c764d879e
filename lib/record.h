/*
 * record.h - the inventory: one record per repository and per owner, as
 * the crawl builds it and the feeds publish it.
 *
 * The record travels as C from one end of the crawl to the other:
 *
 *   config/ (accounts.yml, actors.yml)  -> struct record_account, _actor
 *   forges/ (a listing, an owner)       -> struct repo, struct owner
 *   crawler/probe, crawler/checks       -> struct report (lib/report.h)
 *   crawler/crawl                       -> struct record_repo, _owner,
 *                                          struct inventory
 *   output/feed_*.c                     -> the files code.gouv.fr reads
 *
 * JSON exists only where the crawl keeps the inventory between runs
 * (state/inventory.json, state/journal.jsonl): one encoder and one decoder,
 * in crawler/crawl/record_json.c.
 *
 * Ownership: a record owns every string and sub-record it points to
 * (malloc'd; NULL means "not known" or "none", as each field says), and an
 * inventory owns its records. _init() makes an empty record, _clear()
 * frees what it holds and leaves it empty.
 *
 * Why the account and the actor are types of their own rather than
 * config/'s `struct account_entry` and `struct actor`: lib/ is below
 * config/ and may not include it; and a record must outlive the
 * configuration it came from. A repository kept from the last run (its
 * account could not be listed, or --only left it out) carries the account
 * and actor as they were then, decoded from the state, with no entry in
 * today's accounts list to point to. So config/ keeps its own types (which
 * also hold what only the loader needs: lines, inheritance, ignored
 * dates), and the crawl makes one of these per account
 * (crawler/crawl/crawl_accounts.c).
 *
 * One, not one per record: the records of an account share its account
 * and actor (reference counted, record_account_ref()), and so do the
 * records decoded from the state (inventory_intern_account()). A national
 * crawl has 20,000 repositories and 400 accounts; a copy per record was a
 * tenth of its memory.
 */
#ifndef INVENTAIRE_RECORD_H
#define INVENTAIRE_RECORD_H

#include <stdatomic.h>
#include <stdbool.h>
#include <stddef.h>

#include "lib/repo.h"
#include "lib/report.h"

/*
 * The entry of the accounts list a record was listed through, as
 * code.gouv.fr's comptes-organismes-publics.yml declares it (a forge host,
 * optionally an owner, and the public body's metadata). The metadata is
 * the owner's own, else inherited from the forge entry (config/accounts.c).
 */
struct record_account {
	char *host;          /* the list's top-level key: "github.com" */
	char *forge;         /* "github", "gitlab", "gitea", "forgejo", "gogs",
	                        "bitbucket", "sourcehut" */
	char *owner;         /* as written in the list; NULL: the whole forge */
	char *kind;          /* our extension: "user" or "org" when the list
	                        says, else NULL */
	char *pso_id;        /* the public body (service-public.fr id), or NULL */
	char *floss_policy;  /* URL of its free software policy, or NULL */
	char *ospo_url;      /* URL of its open source office, or NULL */
	/* References held (record_account_new() gives the first); unused in
	 * an entry of the accounts list, which owns its account alone. */
	atomic_uint refs;
};

/* The public body behind an account (config/actors.yml, by pso_id). */
struct record_actor {
	char *pso_id;
	char *name;          /* "Direction de la recherche, des études, ..." */
	char *acronym;       /* "DREES", or NULL */
	char *parent;        /* pso_id of the body it belongs to, or NULL */
	char *ministry;      /* the ministry it reports to, or NULL */
	atomic_uint refs;    /* references held (record_actor_new() gives one) */
};

/*
 * One entry of the accounts list as the crawl read it, for the accounts
 * fragment the feed writes back in code.gouv.fr's format
 * (output/feed_accounts.c). Not kept in the state: every run reads the
 * list afresh.
 */
struct record_entry {
	struct record_account account;
	char *ignored_since; /* "YYYY-MM-DD", or NULL */
};

/* One repository of the inventory. */
struct record_repo {
	char *account_key;   /* the account that listed it: "host/owner" or
	                        "host", lower case; NULL in records made by
	                        hand (tests) */
	struct repo repo;    /* the forge's listing, as last listed */
	struct record_account *account; /* the entry of the list behind it,
	                                  shared (one reference); NULL in
	                                  records made by hand (tests) */
	struct record_actor *actor;    /* the body behind the entry, shared
	                                  (one reference); NULL when the run
	                                  had no actors file or the entry no
	                                  pso_id */
	struct report *check;/* the last check of the default branch
	                        (lib/report.h); NULL when it was never checked
	                        (the probe failed the first time) */
	char *head;          /* the commit CHECK is about; NULL when none */
	char *verified_at;   /* when a probe last asked the forge for the tip
	                        (RFC 3339 UTC): a run that trusts the listing
	                        instead counts a week from it
	                        (crawler/crawl/crawl_fresh.c); NULL when never
	                        (a state written before 0.2) */
	char *checked_at;    /* when CHECK was made (RFC 3339 UTC); kept as is
	                        while the tip does not move */
	char *checker;       /* "VERSION/CHECKER_VERSION" of the program that
	                        made CHECK (crawler/crawl/crawl.h) */
	char *probe_error;   /* why this run's probe failed (CHECK, HEAD and
	                        CHECKED_AT are then the last run's), or NULL */
	bool stale;          /* its account could not be listed this run: the
	                        record is the last run's */
	char *last_seen;     /* when STALE: when an account last listed it;
	                        else NULL */
	char *listed_at;     /* when an account last listed it (the state's
	                        "listed_at"): this run's start, or the last
	                        run's for a stale record; NULL when unknown */
};

/* One owner (organization, group, user) of the inventory. */
struct record_owner {
	char *account_key;   /* as in struct record_repo */
	struct owner owner;  /* the forge's metadata; only host, login,
	                        html_url and is_user when the forge gave none
	                        (a whole-forge listing, or a failed request) */
	struct record_account *account; /* shared, as in struct record_repo */
	struct record_actor *actor;
	long repositories_count; /* its repositories in this listing */
	bool stale;          /* its account could not be listed this run */
	char *followers_at;  /* when the forge answer OWNER.followers comes
	                        from was read (RFC 3339 UTC): the owner's own
	                        (forge.h, owner_first), with the rest of OWNER
	                        when listed one account at a time, or a batch
	                        listing's; kept with the count while it is
	                        not due again (crawler/crawl/crawl_followers.c);
	                        NULL when unknown (never read, or by a
	                        version that did not record it) */
};

/*
 * What a crawl found: every repository once (repo_same() in lib/repo.h)
 * and every owner. The arrays' order is the crawl's; the feeds sort.
 */
struct inventory {
	char *checker;       /* the checker of the run that made it; NULL for
	                        an empty inventory (the first run) */
	struct record_repo *repos;
	size_t nrepos, repos_cap;
	struct record_owner *owners;
	size_t nowners, owners_cap;
	/* The distinct accounts and actors of decoded records, each held once
	 * (inventory_intern_account()). */
	struct record_intern *intern;
};

/* The strings of A (an entry's account, owned alone) freed; A empty. */
void record_account_clear(struct record_account *a);
/* DST (empty) gets copies of SRC's strings. */
void record_account_copy(struct record_account *dst,
                         const struct record_account *src);

/* A new empty account or actor, with one reference. */
struct record_account *record_account_new(void);
struct record_actor *record_actor_new(void);
/* Another reference to A (NULL gives NULL); safe from several threads. */
struct record_account *record_account_ref(struct record_account *a);
struct record_actor *record_actor_ref(struct record_actor *a);
/* Drop a reference; the last one frees A. NULL does nothing. */
void record_account_unref(struct record_account *a);
void record_actor_unref(struct record_actor *a);
/* Same strings (NULL equals NULL only). */
bool record_account_equal(const struct record_account *a,
                          const struct record_account *b);
bool record_actor_equal(const struct record_actor *a,
                        const struct record_actor *b);

void record_entry_clear(struct record_entry *e);

void record_repo_init(struct record_repo *r);
void record_repo_clear(struct record_repo *r);
void record_owner_init(struct record_owner *o);
void record_owner_clear(struct record_owner *o);

void inventory_init(struct inventory *inv);
void inventory_clear(struct inventory *inv);
/*
 * The account equal to A that INV already holds, or A itself, kept: either
 * way a new reference, and A's own is dropped. Decoders call it so that
 * the records of one account share one account; the same for actors (NULL
 * gives NULL).
 */
struct record_account *inventory_intern_account(struct inventory *inv,
                                                struct record_account *a);
struct record_actor *inventory_intern_actor(struct inventory *inv,
                                            struct record_actor *a);
/* Append R, moved: R is left empty. Returns the record in INV, valid until
 * the next append. */
struct record_repo *inventory_add_repo(struct inventory *inv,
                                       struct record_repo *r);
struct record_owner *inventory_add_owner(struct inventory *inv,
                                         struct record_owner *o);
/*
 * Sort the repositories in lib/repo.h's order and keep one record per
 * repository, the first in INV's order (the first account listing it
 * wins).
 */
void inventory_sort_unique(struct inventory *inv);

#endif
