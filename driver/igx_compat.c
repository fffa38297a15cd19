// SPDX-License-Identifier: GPL-2.0
/*
 * What igx_compat.h cannot fill in as an inline: the ethtool entry points
 * an older kernel calls instead of the newer ones the driver implements.
 * Empty on a kernel that has them all.
 */
#include <linux/ethtool.h>
#include <linux/netdevice.h>

#ifdef IGX_COMPAT_GET_RXNFC
/* ETHTOOL_GRXRINGS (get_rx_ring_count, 6.19), ETHTOOL_GRXFH (6.17) */
int igx_compat_get_rxnfc(const struct igx_compat_rxfh_ops *ops,
			 struct net_device *dev, struct ethtool_rxnfc *cmd)
{
	struct ethtool_rxfh_fields f = { .flow_type = cmd->flow_type };
	int err;

	switch (cmd->cmd) {
	case ETHTOOL_GRXRINGS:
		cmd->data = ops->get_rx_ring_count(dev);
		return 0;
	case ETHTOOL_GRXFH:
		err = ops->get_rxfh_fields(dev, &f);
		if (!err)
			cmd->data = f.data;
		return err;
	default:
		return -EOPNOTSUPP;
	}
}
#endif

#ifdef IGX_COMPAT_SET_RXNFC
/* ETHTOOL_SRXFH (set_rxfh_fields, 6.17); no extack to hand on before it */
int igx_compat_set_rxnfc(const struct igx_compat_rxfh_ops *ops,
			 struct net_device *dev, struct ethtool_rxnfc *cmd)
{
	const struct ethtool_rxfh_fields f = {
		.data = cmd->data, .flow_type = cmd->flow_type
	};

	if (cmd->cmd != ETHTOOL_SRXFH)
		return -EOPNOTSUPP;
	return ops->set_rxfh_fields(dev, &f, NULL);
}
#endif
