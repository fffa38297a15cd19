// SPDX-License-Identifier: GPL-2.0
#include <ctype.h>
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "snapshot.h"

int snapshot_reserve(struct snapshot *s, int n)
{
	char (*names)[NAME_LEN];
	uint64_t *vals;

	if (n <= s->cap)
		return 0;
	names = realloc(s->names, (size_t)n * NAME_LEN);
	if (!names)
		return -ENOMEM;
	s->names = names;
	vals = realloc(s->vals, (size_t)n * sizeof(*vals));
	if (!vals)
		return -ENOMEM;
	s->vals = vals;
	s->cap = n;
	return 0;
}

int snapshot_add(struct snapshot *s, const char *name, uint64_t val)
{
	if (s->n == s->cap && snapshot_reserve(s, s->cap ? s->cap * 2 : 64))
		return -ENOMEM;
	memset(s->names[s->n], 0, NAME_LEN);
	strncpy(s->names[s->n], name, NAME_LEN - 1);
	s->vals[s->n++] = val;
	return 0;
}

void snapshot_copy(struct snapshot *dst, const struct snapshot *src)
{
	if (snapshot_reserve(dst, src->n)) {
		dst->n = 0;
		return;
	}
	memcpy(dst->names, src->names, (size_t)src->n * NAME_LEN);
	memcpy(dst->vals, src->vals, (size_t)src->n * sizeof(*src->vals));
	dst->n = src->n;
	dst->t = src->t;
}

int snapshot_same_layout(const struct snapshot *a, const struct snapshot *b)
{
	return a->n == b->n &&
	       !memcmp(a->names, b->names, (size_t)a->n * NAME_LEN);
}

void snapshot_free(struct snapshot *s)
{
	free(s->names);
	free(s->vals);
	memset(s, 0, sizeof(*s));
}

static char *trim(char *p)
{
	char *e;

	while (isspace((unsigned char)*p))
		p++;
	e = p + strlen(p);
	while (e > p && isspace((unsigned char)e[-1]))
		*--e = '\0';
	return p;
}

int snapshot_load(const char *path, struct snapshot *s, char *driver,
		  int driver_len)
{
	char line[256], *p, *v, *end;
	unsigned long long val;
	FILE *f;
	int err = 0;

	f = fopen(path, "r");
	if (!f)
		return -errno;
	s->n = 0;
	s->t = 0;
	while (fgets(line, sizeof(line), f)) {
		p = trim(line);
		if (*p == '#') {
			p = trim(p + 1);
			if (!strncmp(p, "time:", 5))
				s->t = strtod(p + 5, NULL);
			else if (driver && !strncmp(p, "driver:", 7))
				snprintf(driver, driver_len, "%s", trim(p + 7));
			continue;
		}
		v = strrchr(p, ' ');
		if (!v)
			v = strrchr(p, '\t');
		if (!v)
			continue;
		*v++ = '\0';
		p = trim(p);
		if (*p && p[strlen(p) - 1] == ':')
			p[strlen(p) - 1] = '\0';
		errno = 0;
		val = strtoull(v, &end, 10);
		/* strtoull would turn "-1" into 2^64 - 1 */
		if (errno || end == v || *end || !*p || *v == '-')
			continue;
		err = snapshot_add(s, p, val);
		if (err)
			break;
	}
	fclose(f);
	return err;
}
