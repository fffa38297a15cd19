/* SPDX-License-Identifier: GPL-2.0 */
#ifndef XDPSTAT_SOURCE_H
#define XDPSTAT_SOURCE_H

#include "snapshot.h"

/*
 * Where counter snapshots come from: the kernel's ethtool interface for a
 * live interface, or recorded snapshot files (tests, --replay). Both go
 * through the same name parsing and rate code.
 */
struct source {
	const struct source_ops *ops;
	char ifname[32];
	char driver[32];
	int ifindex;		/* 0 for recorded snapshots */
	void *priv;
};

struct source_ops {
	/*
	 * Fills snap (names, values, monotonic time). Returns 0, -ENODEV when
	 * the interface is gone, -EPERM/-EACCES without permission, -ENODATA
	 * when a replay has no more snapshots, other -errno on failure.
	 */
	int (*read)(struct source *src, struct snapshot *snap);
	void (*close)(struct source *src);
};

int source_open_ethtool(struct source *src, const char *ifname);
/* Replays files[0..n-1], one per read; times come from "# time:" lines. */
int source_open_replay(struct source *src, const char *label,
		       char **files, int n);

static inline int source_read(struct source *src, struct snapshot *snap)
{
	return src->ops->read(src, snap);
}

static inline void source_close(struct source *src)
{
	src->ops->close(src);
}

#endif
