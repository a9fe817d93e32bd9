"""Every node the USE way: CPU, memory, disk I/O, filesystems, network errors, clock skew and node conditions.

Open it when pods on one node are slow, evicted or OOM-killed while the pods themselves look
healthy, or from an alert of alerts/node/ (resources, filesystems, status), whose recordings the
panels read. Host metrics come from node-exporter, node conditions from kube-state-metrics.
The Node picker lists the nodes Kubernetes knows (kube_node_info), so a node whose exporter died
still counts in the condition panels. node-exporter's `instance` is its target address: every
host panel joins node_uname_info to name the node by its host name (`nodename`), which is the
Kubernetes node name unless a kubelet runs with --hostname-override.
"""

from dashboards.lib import (
    BYTES_PER_SECOND,
    COUNT,
    PERCENT_UNIT,
    SECONDS,
    cluster,
    golden,
    label,
    link_to,
    row,
    runbooks_link,
    stat,
    timeseries,
)

CL = 'cluster=~"$cluster"'
# kube-state-metrics' view of the picked nodes.
KSM = 'cluster=~"$cluster", node=~"$node"'
# One series per node-exporter target, named by host name and limited to the picked nodes.
NODE = 'max by (job, instance, nodename) (node_uname_info{cluster=~"$cluster", nodename=~"$node"})'
# Block devices the disk recordings keep: whole disks, md and device-mapper volumes.
DISKS = 'device=~"nvme[0-9]+n[0-9]+|sd[a-z]+|vd[a-z]+|xvd[a-z]+|md[0-9]+|dm-[0-9]+"'
# Physical disks only, for per-node sums (md and dm volumes would count their I/O twice).
PHYSICAL = 'cluster=~"$cluster", device=~"nvme[0-9]+n[0-9]+|sd[a-z]+|vd[a-z]+|xvd[a-z]+"'
# Interfaces the network recordings keep: physical, bond and VLAN; no loopback or per-pod veths.
INTERFACES = 'device!~"lo|veth.+|cali.+|lxc.+"'
PRESSURE_CONDITIONS = 'condition=~"MemoryPressure|DiskPressure|PIDPressure"'


def per_node(expr: str) -> str:
    """`expr` (by job and instance, maybe more) for the picked nodes, with their `nodename`."""
    return f"(\n{expr}\n)\n* on (job, instance) group_left (nodename)\n{NODE}"


def rate_sum(by: str, metric: str, selector: str) -> str:
    return f"sum by ({by}) (rate({metric}{{{selector}}}[$__rate_interval]))"


def time_per_io(op: str) -> str:
    """Seconds per completed read or write of each disk; idle disks (no I/O) are left out."""
    by, selector = "job, instance, device", f"{CL}, {DISKS}"
    return per_node(f"{rate_sum(by, f'node_disk_{op}_time_seconds_total', selector)}\n/\n"
                    f"({rate_sum(by, f'node_disk_{op}s_completed_total', selector)} > 0)")


# NodeNotReady without its `for`: Ready False or Unknown (so not True) on a node that is not
# cordoned; 1 per such node.
NOT_READY = f"""max by (node) (kube_node_status_condition{{{KSM}, condition="Ready", status=~"false|unknown"}}) == 1
  unless on (node)
max by (node) (kube_node_spec_unschedulable{{{KSM}}}) == 1"""
PRESSURE = f'max by (node, condition) (kube_node_status_condition{{{KSM}, {PRESSURE_CONDITIONS}, status="true"}}) == 1'

dashboard = golden(
    uid="platform-nodes",
    title="Platform / Nodes",
    team="sre",
    description=__doc__.splitlines()[0],
    tags=["platform", "nodes", "node-exporter"],
    links=[
        runbooks_link("node/"),
        link_to("platform-kubernetes", "Platform / Kubernetes"),
        link_to("ai-gpu", "AI / GPU"),
    ],
    variables=[
        cluster("node_uname_info"),
        label("node", 'kube_node_info{cluster=~"$cluster"}', title="Node"),
    ],
    rows=[
        row(
            "Overview",
            stat(
                "Nodes not Ready",
                f"count({NOT_READY}) or vector(0)",
                unit=COUNT, width=3,
                thresholds=[(None, "green"), (1, "orange")],
                description="Nodes whose Ready condition is not True, cordoned nodes aside. Good is 0; 15 minutes "
                            "is NodeNotReady.",
            ),
            stat(
                "Nodes under pressure",
                f"count(max by (node) ({PRESSURE})) or vector(0)",
                unit=COUNT, width=3,
                thresholds=[(None, "green"), (1, "orange")],
                description="Nodes reporting MemoryPressure, DiskPressure or PIDPressure: the kubelet evicts pods. "
                            "Good is 0; 5 minutes is NodeResourcePressure.",
            ),
            stat(
                "Cordoned nodes",
                f"count(max by (node) (kube_node_spec_unschedulable{{{KSM}}}) == 1) or vector(0)",
                unit=COUNT, width=3,
                thresholds=[(None, "green"), (1, "blue")],
                description="Nodes marked unschedulable (kubectl cordon or drain). Expected during maintenance; "
                            "NodeNotReady ignores them, so one left cordoned is capacity lost silently.",
            ),
            stat(
                "Busiest CPU",
                f"max({per_node(f'instance:node_cpu_utilisation:ratio_rate5m{{{CL}}}')})",
                unit=PERCENT_UNIT, width=3, decimals=1,
                thresholds=[(None, "green"), (0.9, "orange")],
                description="CPU busy share of the busiest node over 5 minutes. Above 90 % for 30 minutes is "
                            "NodeCPUSaturated.",
            ),
            stat(
                "Least memory available",
                f"min({per_node(f'instance:node_memory_available:ratio{{{CL}}}')})",
                unit=PERCENT_UNIT, width=3, decimals=1,
                thresholds=[(None, "red"), (0.05, "orange"), (0.10, "green")],
                description="MemAvailable share of the node with the least. Under 10 % for 15 minutes warns, under "
                            "5 % for 5 minutes pages (NodeMemoryAvailableLow).",
            ),
            stat(
                "Fullest filesystem: free",
                f"min({per_node(f'instance_mountpoint:node_filesystem_avail_bytes:ratio{{{CL}}}')})",
                unit=PERCENT_UNIT, width=3, decimals=1,
                thresholds=[(None, "red"), (0.05, "orange"), (0.20, "green")],
                description="Free share of the fullest local filesystem. Under 20 % and filling within a day is "
                            "NodeFilesystemFillingUp; under 5 % pages (NodeFilesystemAlmostOutOfSpace).",
            ),
            stat(
                "Busiest disk: I/Os in flight",
                f"max({per_node(f'instance_device:node_disk_io_time_weighted_seconds:rate5m{{{CL}}}')})",
                unit=COUNT, width=3, decimals=1,
                thresholds=[(None, "green"), (10, "orange")],
                description="Average I/Os queued on the busiest disk over 5 minutes. Above 10 for 30 minutes is "
                            "NodeDiskIOSaturated.",
            ),
            stat(
                "Largest clock offset",
                f"max(abs({per_node(f'instance:node_time_seconds:offset{{{CL}}}')}))",
                unit=SECONDS, width=3, decimals=2,
                thresholds=[(None, "green"), (1, "orange")],
                description="Largest difference between a node's clock and Prometheus' scrape time. Over 1 s for "
                            "10 minutes is NodeClockSkewDetected.",
            ),
        ),
        row(
            "CPU",
            timeseries(
                "CPU busy",
                [(per_node(f"instance:node_cpu_utilisation:ratio_rate5m{{{CL}}}"), "{{nodename}}")],
                unit=PERCENT_UNIT, minimum=0, maximum=1,
                description="Share of CPU time not idle, iowait or steal, per node (recording instance:node_cpu_"
                            "utilisation:ratio_rate5m). Above 90 % for 30 minutes is NodeCPUSaturated.",
            ),
            timeseries(
                "CPU pressure",
                [(per_node(f"rate(node_pressure_cpu_waiting_seconds_total{{{CL}}}[$__rate_interval])"),
                  "{{nodename}}")],
                unit=PERCENT_UNIT, minimum=0,
                description="Share of time some runnable task waited for a CPU (PSI). Near 0 is good; a node above "
                            "a few percent makes latency-sensitive pods queue even below 90 % busy.",
            ),
            timeseries(
                "Load per CPU (5m)",
                [(per_node(f"""max by (job, instance) (node_load5{{{CL}}})
/
count by (job, instance) (node_cpu_seconds_total{{{CL}, mode="idle"}})"""), "{{nodename}}")],
                unit=COUNT, minimum=0,
                description="5-minute load average divided by the node's CPUs. Above 1 tasks wait for CPU or for "
                            "uninterruptible I/O; compare with CPU busy and I/Os in flight to tell which.",
                width=24,
            ),
        ),
        row(
            "Memory",
            timeseries(
                "Memory available",
                [(per_node(f"instance:node_memory_available:ratio{{{CL}}}"), "{{nodename}}")],
                unit=PERCENT_UNIT, minimum=0, maximum=1,
                description="MemAvailable as a share of RAM (recording instance:node_memory_available:ratio). Under "
                            "10 % for 15 minutes warns and under 5 % for 5 minutes pages (NodeMemoryAvailableLow).",
            ),
            timeseries(
                "Memory pressure",
                [(per_node(f"rate(node_pressure_memory_waiting_seconds_total{{{CL}}}[$__rate_interval])"),
                  "{{nodename}}")],
                unit=PERCENT_UNIT, minimum=0,
                description="Share of time some task stalled on memory: reclaim, refaults, swap-in (PSI). Near 0 is "
                            "good; it rises before available memory hits the alert lines.",
            ),
            timeseries(
                "Kernel OOM kills",
                [(f"""(
{per_node(f'increase(node_vmstat_oom_kill{{{CL}}}[$__rate_interval])')}
) > 0""", "{{nodename}}")],
                unit=COUNT, minimum=0,
                description="Processes the kernel OOM killer ended per interval, on each node: the node-side view of "
                            "KubeContainerOOMKilled (a container over its limit) or of a node out of memory. Good is "
                            "empty.",
                width=24,
            ),
        ),
        row(
            "Disk I/O",
            timeseries(
                "I/Os in flight",
                [(per_node(f"instance_device:node_disk_io_time_weighted_seconds:rate5m{{{CL}}}"),
                  "{{nodename}} {{device}}")],
                unit=COUNT, minimum=0,
                description="Average I/Os queued or in service per disk (recording instance_device:node_disk_io_"
                            "time_weighted_seconds:rate5m). Above 10 for 30 minutes is NodeDiskIOSaturated.",
            ),
            timeseries(
                "Time per I/O",
                [
                    (time_per_io("read"), "{{nodename}} {{device}} read"),
                    (time_per_io("write"), "{{nodename}} {{device}} write"),
                ],
                unit=SECONDS, minimum=0,
                description="Average time a read or a write takes, queueing included. NVMe serves in well under a "
                            "millisecond; tens of milliseconds with many I/Os in flight is a saturated disk.",
            ),
            timeseries(
                "Disk throughput",
                [
                    (per_node(rate_sum("job, instance", "node_disk_read_bytes_total", PHYSICAL)), "{{nodename}} read"),
                    ("-" + per_node(rate_sum("job, instance", "node_disk_written_bytes_total", PHYSICAL)),
                     "{{nodename}} write"),
                ],
                unit=BYTES_PER_SECOND,
                description="Bytes read (up) and written (down) per node over its physical disks. Model loads and "
                            "backups burst; sustained writes near the disk's rating explain a rising I/O queue.",
                width=24,
            ),
        ),
        row(
            "Filesystems",
            timeseries(
                "Free space (10 fullest filesystems)",
                [(f"bottomk(10, {per_node(f'instance_mountpoint:node_filesystem_avail_bytes:ratio{{{CL}}}')})",
                  "{{nodename}} {{mountpoint}}")],
                unit=PERCENT_UNIT, minimum=0, maximum=1,
                description="Free share of the fullest local, writable filesystems (recording instance_mountpoint:"
                            "node_filesystem_avail_bytes:ratio). Under 20 % and filling within a day is "
                            "NodeFilesystemFillingUp; under 5 % pages (NodeFilesystemAlmostOutOfSpace).",
            ),
            timeseries(
                "Free inodes (10 lowest filesystems)",
                [(f"bottomk(10, {per_node(f'instance_mountpoint:node_filesystem_files_free:ratio{{{CL}}}')})",
                  "{{nodename}} {{mountpoint}}")],
                unit=PERCENT_UNIT, minimum=0, maximum=1,
                description="Free share of inodes (recording instance_mountpoint:node_filesystem_files_free:ratio). "
                            "Under 20 % and falling is NodeFilesystemFilesFillingUp; under 5 % pages "
                            "(NodeFilesystemAlmostOutOfFiles).",
            ),
        ),
        row(
            "Network",
            timeseries(
                "Receive errors",
                [(per_node(f"instance_device:node_network_receive_errs:ratio_rate5m{{{CL}}}"),
                  "{{nodename}} {{device}}")],
                unit=PERCENT_UNIT, minimum=0,
                description="Share of received packets with errors per interface (recording instance_device:"
                            "node_network_receive_errs:ratio_rate5m). A healthy link shows 0; above 0.5 % for 30 "
                            "minutes is NodeNetworkReceiveErrors.",
            ),
            timeseries(
                "Transmit errors",
                [(per_node(f"instance_device:node_network_transmit_errs:ratio_rate5m{{{CL}}}"),
                  "{{nodename}} {{device}}")],
                unit=PERCENT_UNIT, minimum=0,
                description="Share of transmitted packets with errors per interface (recording instance_device:"
                            "node_network_transmit_errs:ratio_rate5m). Good is 0; above 0.5 % for 30 minutes is "
                            "NodeNetworkTransmitErrors.",
            ),
            timeseries(
                "Network throughput",
                [
                    (per_node(rate_sum("job, instance, device", "node_network_receive_bytes_total",
                                       f"{CL}, {INTERFACES}")), "{{nodename}} {{device}} in"),
                    ("-" + per_node(rate_sum("job, instance, device", "node_network_transmit_bytes_total",
                                             f"{CL}, {INTERFACES}")), "{{nodename}} {{device}} out"),
                ],
                unit=BYTES_PER_SECOND,
                description="Bytes received (up) and sent (down) per interface; a bond and its members both show. "
                            "Errors with traffic far below link speed point at the cable, optic or switch port.",
                width=24,
            ),
        ),
        row(
            "Clock and node conditions",
            timeseries(
                "Clock offset against Prometheus",
                [(per_node(f"instance:node_time_seconds:offset{{{CL}}}"), "{{nodename}}")],
                unit=SECONDS,
                description="Node clock minus Prometheus' scrape time (recording instance:node_time_seconds:offset; "
                            "positive: node ahead). Milliseconds is good; beyond 1 s for 10 minutes is "
                            "NodeClockSkewDetected.",
            ),
            timeseries(
                "NTP offset and error bound",
                [
                    (per_node(f"max by (job, instance) (node_timex_offset_seconds{{{CL}}})"), "{{nodename}} offset"),
                    (per_node(f"max by (job, instance) (node_timex_maxerror_seconds{{{CL}}})"),
                     "{{nodename}} max error"),
                ],
                unit=SECONDS,
                description="The kernel's own view of its NTP discipline: offset from the time source and the "
                            "maximum error. A growing max error means chrony stopped syncing before the skew alert.",
            ),
            timeseries(
                "Node conditions",
                [
                    (f"{NOT_READY}", "{{node}} NotReady"),
                    (PRESSURE, "{{node}} {{condition}}"),
                ],
                unit=COUNT, stack=True, minimum=0,
                description="Nodes not Ready (cordoned ones aside) and nodes under memory, disk or PID pressure. "
                            "Good is empty; NodeNotReady fires after 15 minutes, NodeResourcePressure after 5.",
                width=24,
            ),
        ),
    ],
)
