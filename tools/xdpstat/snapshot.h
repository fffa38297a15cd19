/* SPDX-License-Identifier: GPL-2.0 */
#ifndef XDPSTAT_SNAPSHOT_H
#define XDPSTAT_SNAPSHOT_H

#include <stdint.h>

#define NAME_LEN 32	/* ETH_GSTRING_LEN */

/* One reading of every counter of an interface, at time t (seconds). */
struct snapshot {
	int n;
	int cap;
	char (*names)[NAME_LEN];
	uint64_t *vals;
	double t;
};

int snapshot_reserve(struct snapshot *s, int n);
int snapshot_add(struct snapshot *s, const char *name, uint64_t val);
void snapshot_copy(struct snapshot *dst, const struct snapshot *src);
int snapshot_same_layout(const struct snapshot *a, const struct snapshot *b);
void snapshot_free(struct snapshot *s);

/*
 * Recorded snapshot: lines "name value" or "name: value" (so `ethtool -S`
 * output can be saved as is), "# time: SECONDS" and "# driver: NAME";
 * other lines are ignored. driver may be NULL. Returns 0 or -errno.
 */
int snapshot_load(const char *path, struct snapshot *s, char *driver,
		  int driver_len);

#endif
