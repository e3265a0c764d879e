/*
 * fixture.h - a report model and two inventories built by hand, with
 * figures worked out beforehand (fixture.c says which), for the report's
 * unit tests and tests/cli/rapport.py.
 */
#ifndef INVENTAIRE_TEST_RAPPORT_FIXTURE_H
#define INVENTAIRE_TEST_RAPPORT_FIXTURE_H

#include "output/changes.h"
#include "output/rapport.h"

/* Three actors with accounts, two without; 8 repositories (finished). */
struct rapport *fixture_rapport(void);
/* The same with N more actors, to fill several charts and pages. */
struct rapport *fixture_rapport_many(size_t n);
/* Two crawls with one change of every kind, a rename among them. */
void fixture_inventories(struct changes_inventory **old,
                         struct changes_inventory **new_);

#endif
