/* SPDX-License-Identifier: GPL-2.0 */
#ifndef XDPSTAT_NAMES_H
#define XDPSTAT_NAMES_H

#include "fields.h"

struct naming;

/* One meaning of a counter name; a name may carry more than one. */
struct name_hit {
	int queue;		/* queue number, or Q_DEV */
	enum xs_field field;
	int tx;			/* a transmit-side counter */
};

#define MAX_HITS 2

/* Naming scheme used by a driver (ETHTOOL_GDRVINFO's driver name). */
const struct naming *naming_for_driver(const char *driver);
const struct naming *naming_by_name(const char *name);
const char *naming_name(const struct naming *nm);
/* Space-separated list of every scheme, for --help and errors. */
const char *naming_list(void);

/*
 * Parse one ethtool string. Returns the number of hits written (0 when the
 * name is not a per-queue counter this scheme knows). Names "dev.<stat>"
 * are the device totals read from sysfs and map to Q_DEV in every scheme;
 * "qstats." names are below.
 */
int naming_parse(const struct naming *nm, const char *name,
		 struct name_hit hits[MAX_HITS]);
/*
 * "qstats.rxN.NAME" / "qstats.txN.NAME": netdev netlink qstats, the same in
 * every scheme. Where a queue has them, its packets and bytes come from
 * qstats; its errors and drops too unless the driver's names have them.
 */
int naming_is_qstats(const char *name);

#endif
