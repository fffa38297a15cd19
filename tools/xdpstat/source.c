// SPDX-License-Identifier: GPL-2.0
/* Choice of the live counter source (--source). */
#include <errno.h>
#include <string.h>

#include "source.h"

int source_pref_parse(const char *s, enum source_pref *pref)
{
	if (!strcmp(s, "auto"))
		*pref = SRC_AUTO;
	else if (!strcmp(s, "qstats"))
		*pref = SRC_QSTATS;
	else if (!strcmp(s, "ethtool"))
		*pref = SRC_ETHTOOL;
	else
		return -EINVAL;
	return 0;
}

int source_open(struct source *src, const char *ifname,
		enum source_pref pref)
{
	int err;

	if (pref == SRC_ETHTOOL)
		return source_open_ethtool(src, ifname);
	err = source_open_qstats(src, ifname);
	if (!err || pref == SRC_QSTATS || err == -ENODEV ||
	    err == -ENAMETOOLONG || err == -ENOMEM)
		return err;
	/* no netdev family, no netdev_stat_ops, or netlink refused us */
	return source_open_ethtool(src, ifname);
}
