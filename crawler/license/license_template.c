/*
 * license_template.c - run a compiled licence template over a text's words
 * (license_template.h).
 *
 * Exact matching keeps, for each word of the text, the set of program
 * counters still alive, each with the word where its match began (a Pike
 * VM, after Russ Cox's "Regular Expression Matching: the Virtual Machine
 * Approach"). The diff runs the same program with a cost per edit
 * (Wagner and Fischer's edit distance, to a regular language rather than
 * a string), keeping only states of cost at most LICENSE_DIFF_MAX.
 */
#include "crawler/license/license_template.h"

#include <stdlib.h>
#include <string.h>

#include "lib/alloc.h"

/* ---- exact matching ---- */

struct thread {
	uint32_t pc;
	uint32_t from;     /* the text word where this match began */
};

struct vm {
	const struct license_op *ops;
	uint32_t *mark;    /* generation that last added each pc */
	uint32_t gen;
	struct thread *cur, *next;
	size_t ncur, nnext;
	uint32_t *stack;
	/* the longest match seen: words [best_from, best_to) */
	bool found;
	size_t best_from, best_to;
};

static void vm_init(struct vm *vm, const struct license_prog *p)
{
	memset(vm, 0, sizeof(*vm));
	vm->ops = p->ops;
	vm->mark = xcalloc(p->nops, sizeof(*vm->mark));
	vm->cur = xmalloc(p->nops * sizeof(*vm->cur));
	vm->next = xmalloc(p->nops * sizeof(*vm->next));
	/* every pc enters the stack at most once per edge into it */
	vm->stack = xmalloc((2 * (size_t)p->nops + 2) * sizeof(*vm->stack));
}

static void vm_free(struct vm *vm)
{
	free(vm->mark);
	free(vm->cur);
	free(vm->next);
	free(vm->stack);
}

/* Add PC and what follows it without reading a word to the next list, for
 * a match begun at word FROM; POS is the next word to read. */
static void vm_add(struct vm *vm, uint32_t pc, uint32_t from, size_t pos)
{
	size_t sp = 0;

	vm->stack[sp++] = pc;
	while (sp) {
		const struct license_op *op;

		pc = vm->stack[--sp];
		if (vm->mark[pc] == vm->gen)
			continue;
		vm->mark[pc] = vm->gen;
		op = &vm->ops[pc];
		switch (op->code) {
		case LICENSE_OP_SPLIT:
			vm->stack[sp++] = op->x;
			vm->stack[sp++] = pc + 1;
			break;
		case LICENSE_OP_JMP:
			vm->stack[sp++] = op->x;
			break;
		case LICENSE_OP_MATCH:
			if (!vm->found || pos - from > vm->best_to - vm->best_from) {
				vm->found = true;
				vm->best_from = from;
				vm->best_to = pos;
			}
			break;
		default:
			vm->next[vm->nnext++] = (struct thread){ pc, from };
		}
	}
}

static void vm_swap(struct vm *vm)
{
	struct thread *t = vm->cur;

	vm->cur = vm->next;
	vm->next = t;
	vm->ncur = vm->nnext;
	vm->nnext = 0;
	vm->gen++;
}

/* Advance every live thread over word W, the POS-th of the text; a word
 * of a copyright NOTICE may also be left out, as the SPDX matching
 * guidelines ignore copyright notices. */
static void vm_step(struct vm *vm, uint64_t w, size_t pos, bool notice)
{
	for (size_t i = 0; i < vm->ncur; i++) {
		uint32_t pc = vm->cur[i].pc;
		const struct license_op *op = &vm->ops[pc];

		if (notice && vm->mark[pc] != vm->gen) {
			vm->mark[pc] = vm->gen;
			vm->next[vm->nnext++] = vm->cur[i];
		}
		if (op->code != LICENSE_OP_ANY &&
		    (op->code != LICENSE_OP_WORD || op->word != w))
			continue;
		/* Most of a template is words in a row: the next one is
		 * listed at once, without the closure's stack. */
		if (op[1].code == LICENSE_OP_WORD && vm->mark[pc + 1] != vm->gen) {
			vm->mark[pc + 1] = vm->gen;
			vm->next[vm->nnext++] = (struct thread){ pc + 1,
			                                         vm->cur[i].from };
			continue;
		}
		vm_add(vm, pc + 1, vm->cur[i].from, pos + 1);
	}
}

/* One thread, no new start: while it reads literal words in a row, follow
 * it without the lists (most of a licence is such a run). Returns the
 * position of the next word it has to read. */
static size_t vm_straight(struct vm *vm, const struct license_text *t,
                          size_t pos)
{
	const struct license_op *ops = vm->ops;
	uint32_t pc = vm->cur[0].pc;

	while (pos < t->nseq && ops[pc].code == LICENSE_OP_WORD &&
	       ops[pc].word == t->seq[pos] && ops[pc + 1].code == LICENSE_OP_WORD &&
	       !t->notice[pos]) {
		pc++;
		pos++;
	}
	vm->cur[0].pc = pc;
	return pos;
}

/*
 * Run P over T's words. Matches may begin at any word in [lo, hi]; with
 * ANCHORED only a match that ends at the last word counts.
 */
static bool vm_run(size_t *from, size_t *to, const struct license_prog *p,
                   const struct license_text *t, size_t lo, size_t hi,
                   bool anchored)
{
	struct vm vm;
	bool ok;

	if (!p || !p->nops || lo > t->nseq)
		return false;
	vm_init(&vm, p);
	vm.gen = 1;
	for (size_t pos = lo; pos <= t->nseq; pos++) {
		/* A new match may begin here: older threads come first, so that
		 * a pc reached by both keeps the earlier (longer) start. */
		if (pos <= hi)
			vm_add(&vm, 0, (uint32_t)pos, pos);
		/* ended early, and not just before copyright notices: not a
		 * match of the whole text */
		if (anchored && vm.found && vm.best_to < pos && !t->notice[pos - 1])
			vm.found = false;
		if (pos == t->nseq)
			break;
		vm_swap(&vm);
		if (!vm.ncur && pos >= hi)
			break;
		if (vm.ncur == 1 && pos >= hi &&
		    (pos = vm_straight(&vm, t, pos)) == t->nseq)
			break;
		vm_step(&vm, t->seq[pos], pos, t->notice[pos]);
	}
	ok = vm.found;
	/* anchored: only copyright notices may follow the match */
	for (size_t i = vm.best_to; ok && anchored && i < t->nseq; i++)
		ok = t->notice[i];
	*from = vm.best_from;
	*to = vm.best_to;
	vm_free(&vm);
	return ok;
}

bool license_template_match(const struct license_prog *p,
                            const struct license_text *t)
{
	size_t from, to;

	return vm_run(&from, &to, p, t, 0, t->start, true);
}

bool license_template_find(size_t *from, size_t *to,
                           const struct license_prog *p,
                           const struct license_text *t, size_t lo)
{
	return vm_run(from, to, p, t, lo, t->nseq, false);
}

/* ---- the diff: matching with edits ---- */

enum edit_kind { EDIT_ADD, EDIT_DEL, EDIT_SUB };

struct edit {
	uint32_t prev;     /* index of the edit before, 0 for none */
	uint32_t pos;      /* the text word (ADD, SUB) */
	uint32_t pc;       /* the template word (DEL, SUB) */
	uint32_t kind;
};

/* Edits recorded in one diff, at most (the search gives up past it). */
#define EDITS_MAX (1u << 21)

struct state {
	uint32_t pc;
	uint32_t cost;
	uint32_t trail;    /* last edit of the path to this state */
};

struct dvm {
	const struct license_op *ops;
	uint32_t nops;
	/* the states being built for the next word: best cost per pc */
	uint32_t *mark, gen, *cost, *trail;
	uint32_t *bucket[LICENSE_DIFF_MAX + 1];
	size_t nbucket[LICENSE_DIFF_MAX + 1];
	/* the states that read the next word */
	struct state *list;
	size_t nlist;
	struct edit *edits;
	size_t nedits, capedits;
	bool overflow;
};

static uint32_t edit_new(struct dvm *d, uint32_t kind, size_t pos,
                         uint32_t pc, uint32_t prev)
{
	if (d->nedits == d->capedits) {
		if (d->capedits >= EDITS_MAX) {
			d->overflow = true;
			return prev;
		}
		d->capedits = d->capedits ? 2 * d->capedits : 1024;
		d->edits = xrealloc(d->edits, d->capedits * sizeof(*d->edits));
	}
	d->edits[d->nedits] = (struct edit){ prev, (uint32_t)pos, pc, kind };
	return (uint32_t)d->nedits++;
}

static bool better(const struct dvm *d, uint32_t pc, uint32_t cost)
{
	return cost <= LICENSE_DIFF_MAX &&
	       (d->mark[pc] != d->gen || d->cost[pc] > cost);
}

static void relax(struct dvm *d, uint32_t pc, uint32_t cost, uint32_t trail)
{
	if (!better(d, pc, cost))
		return;
	d->mark[pc] = d->gen;
	d->cost[pc] = cost;
	d->trail[pc] = trail;
	d->bucket[cost][d->nbucket[cost]++] = pc;
}

/* relax() through one more edit, recorded only when it is taken. */
static void relax_edit(struct dvm *d, uint32_t pc, uint32_t cost,
                       uint32_t kind, size_t pos, uint32_t epc,
                       uint32_t prev)
{
	if (better(d, pc, cost))
		relax(d, pc, cost, edit_new(d, kind, pos, epc, prev));
}

/* Follow the moves that read no word, cheapest first, and list the states
 * that read one. A template word may be skipped, at a cost. */
static void dvm_closure(struct dvm *d)
{
	d->nlist = 0;
	for (uint32_t c = 0; c <= LICENSE_DIFF_MAX; c++) {
		for (size_t i = 0; i < d->nbucket[c]; i++) {
			uint32_t pc = d->bucket[c][i], tr = d->trail[pc];
			const struct license_op *op = &d->ops[pc];

			if (d->cost[pc] != c)
				continue;  /* reached cheaper since */
			if (op->code == LICENSE_OP_SPLIT) {
				relax(d, pc + 1, c, tr);
				relax(d, op->x, c, tr);
				continue;
			}
			if (op->code == LICENSE_OP_JMP) {
				relax(d, op->x, c, tr);
				continue;
			}
			d->list[d->nlist++] = (struct state){ pc, c, tr };
			if (op->code == LICENSE_OP_WORD)
				relax_edit(d, pc + 1, c + 1, EDIT_DEL, 0, pc, tr);
		}
		d->nbucket[c] = 0;
	}
	d->gen++;
}

/* Read word W, the POS-th: match it, change it, or count it as added;
 * a word of a copyright NOTICE is left out for nothing. */
static void dvm_step(struct dvm *d, uint64_t w, size_t pos, bool notice)
{
	for (size_t i = 0; i < d->nlist; i++) {
		struct state s = d->list[i];
		const struct license_op *op = &d->ops[s.pc];

		if (op->code == LICENSE_OP_ANY ||
		    (op->code == LICENSE_OP_WORD && op->word == w))
			relax(d, s.pc + 1, s.cost, s.trail);
		else if (op->code == LICENSE_OP_WORD)
			relax_edit(d, s.pc + 1, s.cost + 1, EDIT_SUB, pos, s.pc,
			           s.trail);
		if (notice)
			relax(d, s.pc, s.cost, s.trail);
		else
			relax_edit(d, s.pc, s.cost + 1, EDIT_ADD, pos, 0, s.trail);
	}
}

static const char *word_name(uint64_t hash)
{
	size_t lo = 0, hi = license_nword_names;

	while (lo < hi) {
		size_t mid = (lo + hi) / 2;
		if (license_word_names[mid].hash == hash)
			return license_word_names[mid].name;
		if (license_word_names[mid].hash < hash)
			lo = mid + 1;
		else
			hi = mid;
	}
	return "?";
}

/* Append W to the space-separated list BUF, "..." once it is full. */
static void list_add(char *buf, const char *w)
{
	size_t n = strlen(buf), k = strlen(w);

	if (n && !strcmp(buf + n - 3, "..."))
		return;
	if (n + 1 + k + 4 >= LICENSE_DIFF_TEXT) {
		strcpy(buf + n, n ? " ..." : "...");
		return;
	}
	if (n)
		buf[n++] = ' ';
	memcpy(buf + n, w, k + 1);
}

/* Fill OUT from the path ending with edit TRAIL, in text order. */
static void diff_collect(struct license_diff *out, const struct dvm *d,
                         const struct license_text *t, uint32_t trail)
{
	uint32_t path[LICENSE_DIFF_MAX + 1];
	size_t n = 0;

	for (uint32_t e = trail; e && n <= LICENSE_DIFF_MAX; e = d->edits[e].prev)
		path[n++] = e;
	while (n--) {
		const struct edit *e = &d->edits[path[n]];
		if (e->kind != EDIT_DEL) {
			out->nadded++;
			list_add(out->added, t->words_text + t->off[e->pos]);
		}
		if (e->kind != EDIT_ADD) {
			out->nremoved++;
			list_add(out->removed, word_name(d->ops[e->pc].word));
		}
	}
}

static void dvm_init(struct dvm *d, const struct license_prog *p)
{
	memset(d, 0, sizeof(*d));
	d->ops = p->ops;
	d->nops = p->nops;
	d->mark = xcalloc(p->nops, sizeof(*d->mark));
	d->cost = xmalloc(p->nops * sizeof(*d->cost));
	d->trail = xmalloc(p->nops * sizeof(*d->trail));
	for (size_t c = 0; c <= LICENSE_DIFF_MAX; c++)
		d->bucket[c] = xmalloc(p->nops * sizeof(uint32_t));
	d->list = xmalloc(p->nops * sizeof(*d->list));
	d->gen = 1;
	edit_new(d, EDIT_ADD, 0, 0, 0);  /* index 0: "no edit" */
}

static void dvm_free(struct dvm *d)
{
	free(d->mark);
	free(d->cost);
	free(d->trail);
	for (size_t c = 0; c <= LICENSE_DIFF_MAX; c++)
		free(d->bucket[c]);
	free(d->list);
	free(d->edits);
}

void license_template_diff(struct license_diff *out,
                           const struct license_prog *p,
                           const struct license_text *t)
{
	struct dvm d;

	memset(out, 0, sizeof(*out));
	if (!p || !p->nops)
		return;
	dvm_init(&d, p);
	relax(&d, 0, 0, 0);
	dvm_closure(&d);
	for (size_t pos = 0; pos < t->nseq && d.nlist && !d.overflow; pos++) {
		dvm_step(&d, t->seq[pos], pos, t->notice[pos]);
		/* The leading titles and copyright lines may be left out. */
		if (pos + 1 <= t->start)
			relax(&d, 0, 0, 0);
		dvm_closure(&d);
	}
	for (size_t i = 0; i < d.nlist && !d.overflow; i++)
		if (d.ops[d.list[i].pc].code == LICENSE_OP_MATCH) {
			out->known = true;
			diff_collect(out, &d, t, d.list[i].trail);
			break;
		}
	dvm_free(&d);
}
