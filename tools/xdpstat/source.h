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
	const char *kind;	/* "ethtool", "qstats" or "replay" */
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

enum source_pref { SRC_AUTO, SRC_QSTATS, SRC_ETHTOOL };

int source_pref_parse(const char *s, enum source_pref *pref);
/*
 * An interface's counters: qstats (netdev netlink, with ethtool for what
 * qstats lack) when pref allows and the driver has them, else ethtool.
 * -EOPNOTSUPP: qstats forced but not available.
 */
int source_open(struct source *src, const char *ifname,
		enum source_pref pref);
int source_open_ethtool(struct source *src, const char *ifname);
int source_open_qstats(struct source *src, const char *ifname);
/* Replays files[0..n-1], one per read; times come from "# time:" lines. */
int source_open_replay(struct source *src, const char *label,
		       char **files, int n);

static inline int source_read(struct source *src, struct snapshot *snap)
{
	return src->ops->read(src, snap);
}

static inline const char *source_name(const struct source *src)
{
	return src->kind;
}

static inline void source_close(struct source *src)
{
	src->ops->close(src);
}

#endif
