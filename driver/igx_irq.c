// SPDX-License-Identifier: GPL-2.0
/* igx interrupts: MSI-X (one vector per queue pair + one for link and
 * other causes), falling back to MSI and then INTx with a single queue.
 */

#include <linux/completion.h>
#include "igx.h"

static irqreturn_t igx_msix_ring(int irq, void *data)
{
	struct igx_q_vector *qv = data;

	/* masked until NAPI completes: QEMU does not auto-mask (emulation
	 * differences, igx_hw.c), silicon already has and ignores the write
	 */
	igx_hw_vec_mask(&qv->adapter->hw, qv->eims);
	napi_schedule_irqoff(&qv->napi);
	return IRQ_HANDLED;
}

static void igx_other_causes(struct igx_adapter *adapter, u32 icr)
{
	if (icr & IGX_ICR_RXO)
		atomic64_inc(&adapter->rx_overruns);
	if ((icr & IGX_ICR_LSC) && !test_bit(IGX_STATE_DOWN, &adapter->state))
		mod_delayed_work(system_percpu_wq, &adapter->watchdog, 0);
	if (icr & IGX_ICR_VMMB)
		igx_sriov_kick(adapter);
}

/* A ring fell to its low mark (ICR.RXDMT0, igx_rx_low_mark) while its
 * queue's interrupt was held back by moderation, or while its poll waited
 * behind other work: every queue vector polls now, as its own interrupt
 * would have it (the cause does not say which queue); one already polling
 * polls once more. What lets moderation hold floods back (below). It
 * masks queue vectors that other CPUs unmask: the rule is at
 * igx_q_vector's eims (igx.h).
 */
static void igx_irq_rx_low(struct igx_adapter *adapter)
{
	unsigned int i;

	atomic64_inc(&adapter->rx_low_kicks);
	igx_hw_vec_mask_clear(&adapter->hw, adapter->eims_queues);
	for (i = 0; i < adapter->num_queues; i++)
		napi_schedule_irqoff(&adapter->q_vector[i]->napi);
}

static irqreturn_t igx_msix_other(int irq, void *data)
{
	struct igx_adapter *adapter = data;
	u32 icr;

	/* GPIE.NSICR: reading ICR clears it */
	icr = igx_hw_read_icr(&adapter->hw);
	igx_other_causes(adapter, icr);
	if ((icr & IGX_ICR_RXDMT0) && !test_bit(IGX_STATE_DOWN, &adapter->state))
		igx_irq_rx_low(adapter);
	return IRQ_HANDLED;
}

static irqreturn_t igx_intr(int irq, void *data)
{
	struct igx_adapter *adapter = data;
	struct igx_hw *hw = &adapter->hw;
	u32 icr;

	icr = igx_hw_read_icr(hw);
	if (!icr)
		return IRQ_NONE;	/* shared INTx line, not ours */
	igx_hw_irq_mask_legacy(hw);
	igx_other_causes(adapter, icr);
	napi_schedule_irqoff(&adapter->q_vector[0]->napi);
	return IRQ_HANDLED;
}

/* Allocates the vectors and decides the queue count for this open. */
int igx_irq_init(struct igx_adapter *adapter, unsigned int want_queues)
{
	struct pci_dev *pdev = adapter->pdev;
	int n;

	n = pci_alloc_irq_vectors(pdev, 2, want_queues + 1, PCI_IRQ_MSIX);
	if (n >= 2) {
		adapter->irq_mode = IGX_IRQ_MSIX;
		adapter->num_vectors = n;
		adapter->num_queues = n - 1;
		return 0;
	}
	n = pci_alloc_irq_vectors(pdev, 1, 1, PCI_IRQ_MSI | PCI_IRQ_INTX);
	if (n < 0) {
		netdev_err(adapter->netdev, "no usable interrupt: %d\n", n);
		return n;
	}
	adapter->irq_mode = pdev->msi_enabled ? IGX_IRQ_MSI : IGX_IRQ_INTX;
	adapter->num_vectors = 1;
	adapter->num_queues = 1;
	netif_info(adapter, ifup, adapter->netdev,
		   "MSI-X unavailable, using %s with one queue\n",
		   adapter->irq_mode == IGX_IRQ_MSI ? "MSI" : "INTx");
	return 0;
}

void igx_irq_deinit(struct igx_adapter *adapter)
{
	pci_free_irq_vectors(adapter->pdev);
	adapter->irq_mode = IGX_IRQ_NONE;
	adapter->num_vectors = 0;
}

/* The NAPI instance names its interrupt in netdev netlink (napi-get), so
 * tools can follow a queue to its IRQ and CPU; 0 = none while it is freed.
 */
static void igx_irq_set_napi(struct igx_q_vector *qv, int irq)
{
	qv->irq = irq;
	netif_napi_set_irq(&qv->napi, irq ? irq : -1);
}

int igx_irq_request(struct igx_adapter *adapter)
{
	struct net_device *netdev = adapter->netdev;
	struct pci_dev *pdev = adapter->pdev;
	unsigned int i;
	int err;

	if (adapter->irq_mode != IGX_IRQ_MSIX) {
		err = request_irq(pci_irq_vector(pdev, 0), igx_intr,
				  adapter->irq_mode == IGX_IRQ_INTX ?
				  IRQF_SHARED : 0, netdev->name, adapter);
		if (err)
			netdev_err(netdev, "request_irq failed: %d\n", err);
		else
			igx_irq_set_napi(adapter->q_vector[0],
					 pci_irq_vector(pdev, 0));
		return err;
	}

	err = request_irq(pci_irq_vector(pdev, IGX_OTHER_VECTOR),
			  igx_msix_other, 0, netdev->name, adapter);
	if (err)
		goto err_out;

	for (i = 0; i < adapter->num_queues; i++) {
		struct igx_q_vector *qv = adapter->q_vector[i];
		int irq = pci_irq_vector(pdev, qv->v_idx);
		unsigned int cpu;

		err = request_irq(irq, igx_msix_ring, 0, qv->name, qv);
		if (err)
			goto err_free;
		igx_irq_set_napi(qv, irq);
		cpu = cpumask_local_spread(i, dev_to_node(&pdev->dev));
		irq_update_affinity_hint(irq, get_cpu_mask(cpu));
	}
	return 0;

err_free:
	while (i--) {
		struct igx_q_vector *qv = adapter->q_vector[i];

		irq_update_affinity_hint(qv->irq, NULL);
		free_irq(qv->irq, qv);
		igx_irq_set_napi(qv, 0);
	}
	free_irq(pci_irq_vector(pdev, IGX_OTHER_VECTOR), adapter);
err_out:
	netdev_err(netdev, "request_irq failed: %d\n", err);
	return err;
}

void igx_irq_free(struct igx_adapter *adapter)
{
	struct pci_dev *pdev = adapter->pdev;
	unsigned int i;

	if (adapter->irq_mode != IGX_IRQ_MSIX) {
		free_irq(pci_irq_vector(pdev, 0), adapter);
		igx_irq_set_napi(adapter->q_vector[0], 0);
		return;
	}
	for (i = 0; i < adapter->num_queues; i++) {
		struct igx_q_vector *qv = adapter->q_vector[i];

		irq_update_affinity_hint(qv->irq, NULL);
		free_irq(qv->irq, qv);
		igx_irq_set_napi(qv, 0);
	}
	free_irq(pci_irq_vector(pdev, IGX_OTHER_VECTOR), adapter);
}

/* EITR in datasheet units, 1 us at bits 14:2 (QEMU: emulation differences,
 * igx_hw.c).
 */
static u32 igx_itr_reg(u32 usecs)
{
	return min_t(u32, usecs << 2, IGX_EITR_MAX);
}

/* Adaptive moderation: a class from the packet rate of the vector over the
 * last jiffies, in the spirit of igb's three latency classes: sparse
 * traffic gets its interrupt at once, floods as few as the ring allows.
 * The ring itself is guarded by its low mark (igx_rx_low_mark): when a
 * flood fills it to seven eighths before the interval is over, the other
 * vector starts the poll (igx_irq_rx_low), so a stack ring takes the
 * flood class's interval and is woken either by the interval or by its
 * fill, whichever comes first. Bounding the interval by the ring's fill
 * instead (a probe of the fill at each poll, capped at 2/7 of the ring's
 * line-rate fill time) still lost frames: in QEMU the interval is about 4x
 * the programmed one (emulation differences, igx_hw.c) and the sender
 * fills 256 descriptors in about 130 us of CPU, faster than line rate
 * (make bench, issue 20: 243 of 391335 frames lost, 21.0 interrupts per
 * 1000 frames; with the low mark none lost, 11.7).
 *
 * XDP and AF_XDP rings, whose frames cost the receiver next to nothing,
 * keep the interval an eighth of the ring's line-rate fill time: a longer
 * one buys them no fewer wake-ups of a reader, only a fuller ring.
 *
 * It runs when NAPI re-arms the vector and writes EITR only when the
 * interval changes.
 */
#define IGX_ITR_LOWEST		14	/* ~70000 interrupts/s: sparse, latency */
#define IGX_ITR_LOW		50	/* ~20000/s: moderate load */
#define IGX_ITR_BULK		250	/* ~4000/s: floods (as the ring allows) */
#define IGX_ITR_START		IGX_ITR_LOW
#define IGX_ITR_LOWEST_PPS	10000
#define IGX_ITR_LOW_PPS		40000
#define IGX_ITR_LOW_BPS		(50 * 1000 * 1000)

static u32 igx_irq_start_usecs(struct igx_adapter *adapter)
{
	return adapter->itr_adaptive ? IGX_ITR_START : adapter->itr_usecs;
}

/* An XDP or AF_XDP ring's interval: an eighth of the time the ring takes
 * to fill at line rate (64-byte frames at 1 Gb/s).
 */
#define IGX_LINE_RATE_PPS	1488095

static u32 igx_itr_xdp_max(const struct igx_q_vector *qv)
{
	u32 fill = qv->rx.count * (USEC_PER_SEC / 1000) /
		   (IGX_LINE_RATE_PPS / 1000);

	return max_t(u32, fill / 8, IGX_ITR_LOWEST);
}

static void igx_irq_rate_class(struct igx_q_vector *qv, unsigned long now)
{
	unsigned long elapsed = now - qv->itr_stamp;
	u64 pkts, bytes, pps, bps;

	pkts = qv->rx.stats.rx.packets + qv->tx.stats.tx.packets;
	bytes = qv->rx.stats.rx.bytes + qv->tx.stats.tx.bytes;
	/* rings are folded (zeroed) over a down/up: start a new window */
	if (pkts < qv->itr_pkts || bytes < qv->itr_bytes) {
		qv->itr_pkts = 0;
		qv->itr_bytes = 0;
	}
	pps = div_u64((pkts - qv->itr_pkts) * HZ, elapsed);
	bps = div_u64((bytes - qv->itr_bytes) * HZ, elapsed);
	qv->itr_stamp = now;
	qv->itr_pkts = pkts;
	qv->itr_bytes = bytes;

	if (pps >= IGX_ITR_LOW_PPS)
		qv->itr_class = IGX_ITR_BULK;
	else if (pps >= IGX_ITR_LOWEST_PPS || bps >= IGX_ITR_LOW_BPS)
		qv->itr_class = IGX_ITR_LOW;
	else
		qv->itr_class = IGX_ITR_LOWEST;
}

/* The interval for the next interrupt. */
static void igx_irq_adapt(struct igx_q_vector *qv)
{
	unsigned long now = jiffies;
	u32 usecs;

	if (now != qv->itr_stamp)
		igx_irq_rate_class(qv, now);
	usecs = qv->itr_class;
	if (READ_ONCE(qv->rx.xdp_prog) || qv->rx.xsk_pool)
		usecs = min(usecs, igx_itr_xdp_max(qv));
	if (usecs != qv->itr_usecs) {
		qv->itr_usecs = usecs;
		igx_hw_set_itr(&qv->adapter->hw, qv->v_idx,
			       igx_itr_reg(usecs));
	}
}

void igx_irq_configure(struct igx_adapter *adapter)
{
	u32 usecs = igx_irq_start_usecs(adapter);
	u32 itr = igx_itr_reg(usecs);
	unsigned int i;

	adapter->eims_queues = 0;
	for (i = 0; i < adapter->num_queues; i++) {
		struct igx_q_vector *qv = adapter->q_vector[i];

		adapter->eims_queues |= qv->eims;
		qv->itr_usecs = usecs;
		qv->itr_class = IGX_ITR_START;
		qv->itr_stamp = jiffies;
		qv->itr_pkts = 0;
		qv->itr_bytes = 0;
	}

	if (adapter->irq_mode == IGX_IRQ_MSIX)
		igx_hw_irq_setup_msix(&adapter->hw, adapter->num_queues, itr,
				      igx_pf_pool(adapter));
	else
		igx_hw_irq_setup_legacy(&adapter->hw, itr);
}

/* ethtool -C: a static setting applies at once; turning adaptive on starts
 * from the middle class. NAPI may adapt concurrently; the next re-arm wins.
 */
void igx_irq_set_itr(struct igx_adapter *adapter)
{
	u32 usecs = igx_irq_start_usecs(adapter);
	unsigned int i;

	if (test_bit(IGX_STATE_DOWN, &adapter->state))
		return;
	for (i = 0; i < adapter->num_queues; i++) {
		struct igx_q_vector *qv = adapter->q_vector[i];

		WRITE_ONCE(qv->itr_usecs, usecs);
		igx_hw_set_itr(&adapter->hw, qv->v_idx, igx_itr_reg(usecs));
	}
}

void igx_irq_enable(struct igx_adapter *adapter)
{
	if (adapter->irq_mode == IGX_IRQ_MSIX)
		igx_hw_irq_enable_msix(&adapter->hw, adapter->eims_queues |
				       BIT(IGX_OTHER_VECTOR));
	else
		igx_hw_irq_enable_legacy(&adapter->hw);
	if (adapter->num_vfs)
		igx_hw_irq_enable_mbx(&adapter->hw);
}

/* With VFs the EIMS bits above the PF's vectors are the VFs' */
void igx_irq_disable(struct igx_adapter *adapter)
{
	if (adapter->num_vfs)
		igx_hw_irq_mask_pf(&adapter->hw, adapter->num_vectors ?
				   BIT(adapter->num_vectors) - 1 :
				   BIT(IGX_OTHER_VECTOR));
	else
		igx_hw_irq_disable(&adapter->hw);
}

void igx_irq_vector_enable(struct igx_q_vector *qv)
{
	struct igx_adapter *adapter = qv->adapter;

	if (test_bit(IGX_STATE_DOWN, &adapter->state))
		return;
	if (READ_ONCE(adapter->itr_adaptive))
		igx_irq_adapt(qv);
	if (adapter->irq_mode == IGX_IRQ_MSIX)
		igx_hw_vec_unmask(&adapter->hw, qv->eims);
	else
		igx_hw_irq_enable_legacy(&adapter->hw);
}

/* Software-raised interrupt for every queue vector: recovers from a lost
 * interrupt and restarts refill after an allocation failure.
 */
void igx_irq_kick(struct igx_adapter *adapter)
{
	if (test_bit(IGX_STATE_DOWN, &adapter->state))
		return;
	if (adapter->irq_mode == IGX_IRQ_MSIX)
		igx_hw_vec_kick(&adapter->hw, adapter->eims_queues);
	else
		igx_hw_irq_kick_legacy(&adapter->hw);
}

/* Software-raised interrupt for one queue vector (AF_XDP wakeup). */
void igx_irq_vector_kick(struct igx_q_vector *qv)
{
	struct igx_adapter *adapter = qv->adapter;

	if (adapter->irq_mode == IGX_IRQ_MSIX)
		igx_hw_vec_kick(&adapter->hw, qv->eims);
	else
		igx_hw_irq_kick_legacy(&adapter->hw);
}

void igx_irq_synchronize(struct igx_adapter *adapter)
{
	unsigned int i;

	for (i = 0; i < adapter->num_vectors; i++)
		synchronize_irq(pci_irq_vector(adapter->pdev, i));
}

/* ethtool -t interrupt test, port down: a cause raised by software on
 * vector 0 must reach a handler.
 */
struct igx_irq_test {
	struct igx_adapter *adapter;
	struct completion done;
};

static irqreturn_t igx_irq_test_handler(int irq, void *data)
{
	struct igx_irq_test *t = data;
	struct igx_hw *hw = &t->adapter->hw;

	if (t->adapter->irq_mode != IGX_IRQ_MSIX && !igx_hw_read_icr(hw))
		return IRQ_NONE;
	igx_irq_disable(t->adapter);
	complete(&t->done);
	return IRQ_HANDLED;
}

int igx_irq_selftest(struct igx_adapter *adapter)
{
	struct pci_dev *pdev = adapter->pdev;
	struct igx_hw *hw = &adapter->hw;
	struct igx_irq_test t = { .adapter = adapter };
	int n, err, irq;

	init_completion(&t.done);
	n = pci_alloc_irq_vectors(pdev, 1, 1, PCI_IRQ_ALL_TYPES);
	if (n < 0)
		return n;
	adapter->irq_mode = pdev->msix_enabled ? IGX_IRQ_MSIX :
			    pdev->msi_enabled ? IGX_IRQ_MSI : IGX_IRQ_INTX;
	irq = pci_irq_vector(pdev, 0);
	err = request_irq(irq, igx_irq_test_handler,
			  adapter->irq_mode == IGX_IRQ_INTX ? IRQF_SHARED : 0,
			  adapter->netdev->name, &t);
	if (err)
		goto out;

	if (adapter->irq_mode == IGX_IRQ_MSIX) {
		igx_hw_irq_setup_msix(hw, 0, 0, igx_pf_pool(adapter));
		igx_hw_irq_enable_msix(hw, BIT(IGX_OTHER_VECTOR));
		igx_hw_vec_kick(hw, BIT(IGX_OTHER_VECTOR));
	} else {
		igx_hw_irq_setup_legacy(hw, 0);
		igx_hw_irq_enable_legacy(hw);
		igx_hw_irq_kick_legacy(hw);
	}
	if (!wait_for_completion_timeout(&t.done, msecs_to_jiffies(2000)))
		err = -ETIMEDOUT;
	igx_irq_disable(adapter);
	synchronize_irq(irq);
	free_irq(irq, &t);
out:
	pci_free_irq_vectors(pdev);
	adapter->irq_mode = IGX_IRQ_NONE;
	return err;
}
