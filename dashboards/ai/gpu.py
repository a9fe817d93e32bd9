"""GPUs of the inference nodes from NVIDIA's DCGM exporter: utilisation, memory, heat, power and hardware faults.

Open it from a GPU alert (alerts/gpu/gpu.rules.yaml) or when vLLM slows down: is a GPU saturated,
out of framebuffer, throttling, or failing (XID, row remapping, PCIe replays)? Series are DCGM field
ids verbatim (upper case, counters without `_total`); `Hostname` is the Kubernetes node name and
`namespace`/`pod` the workload the GPU is allocated to (`namespace="gpu-monitoring"` = allocated to no
pod). Each physical GPU is identified by (Hostname, gpu, UUID): the panels aggregate to it, so a pod
rescheduled onto the GPU does not split its line. The DCP profiling fields (DCGM_FI_PROF_*) exist on
datacenter GPUs only; on others those panels stay empty.
"""

from dashboards.lib import (
    BYTES,
    BYTES_PER_SECOND,
    CELSIUS,
    COUNT,
    PERCENT,
    PERCENT_UNIT,
    WATTS,
    cluster,
    golden,
    label,
    link_to,
    row,
    runbooks_link,
    stat,
    timeseries,
)

# Every DCGM selector: the cluster, then the node and GPU model pickers.
GPU = 'cluster=~"$cluster", Hostname=~"$Hostname", modelName=~"$modelName"'
# GPUs allocated to a pod; unallocated GPUs keep the exporter's own namespace (see the rules' header).
ALLOCATED = GPU + ', namespace!="gpu-monitoring"'
# One line per physical GPU, whichever pod holds it.
PER_GPU = "Hostname, gpu, UUID, modelName"
GPU_LEGEND = "{{Hostname}} GPU {{gpu}} ({{modelName}})"
MIB = 1024 * 1024

dashboard = golden(
    uid="ai-gpu",
    title="AI / GPU",
    team="ai-platform",
    description=__doc__.splitlines()[0],
    tags=["ai", "gpu", "dcgm"],
    links=[
        runbooks_link("gpu/"),
        link_to("ai-llm-serving", "AI / LLM serving"),
        link_to("ai-agents", "AI / Agents"),
        link_to("slo-vllm", "SLOs / vllm"),
        link_to("platform-nodes", "Platform / Nodes"),
        link_to("platform-kubernetes", "Platform / Kubernetes"),
    ],
    variables=[
        cluster("DCGM_FI_DEV_GPU_TEMP"),
        label("Hostname", 'DCGM_FI_DEV_GPU_TEMP{cluster=~"$cluster"}', title="Node"),
        label("modelName", 'DCGM_FI_DEV_GPU_TEMP{cluster=~"$cluster", Hostname=~"$Hostname"}', title="GPU model"),
    ],
    rows=[
        row(
            "Overview",
            stat(
                "GPUs reporting",
                f"count(group by (Hostname, gpu, UUID) (DCGM_FI_DEV_GPU_TEMP{{{GPU}}}))",
                unit=COUNT,
                description="Physical GPUs the DCGM exporter reports for the selected nodes and models. It should "
                            "equal the nvidia.com/gpu capacity of the GPU nodes; see GPUs without telemetry.",
            ),
            stat(
                "GPUs without telemetry",
                # The GpuTelemetryMissing expression, summed over the cluster's nodes.
                'sum(('
                ' max by (node) (kube_node_status_capacity{cluster=~"$cluster", resource="nvidia_com_gpu"})'
                ' - (count by (node) (label_replace(group by (Hostname, gpu) (DCGM_FI_DEV_GPU_TEMP{cluster=~"$cluster"}),'
                ' "node", "$1", "Hostname", "(.*)"))'
                ' or max by (node) (kube_node_status_capacity{cluster=~"$cluster", resource="nvidia_com_gpu"}) * 0)'
                ') > 0 unless on (node)'
                ' max by (node) (kube_node_status_condition{cluster=~"$cluster", condition="Ready", status="true"}) == 0'
                ') or vector(0)',
                unit=COUNT,
                thresholds=[(None, "green"), (1, "orange")],
                description="GPUs that Ready nodes of the whole cluster advertise to Kubernetes but DCGM has no metrics "
                            "for (alert: GpuTelemetryMissing, after 15 minutes): the exporter pod is down or a GPU fell "
                            "off the bus. Good is 0; no other GPU alert can fire for a GPU counted here.",
            ),
            stat(
                "GPUs allocated to pods",
                f"count(group by (Hostname, gpu, UUID) (DCGM_FI_DEV_GPU_UTIL{{{ALLOCATED}}})) or vector(0)",
                unit=COUNT,
                description="Selected GPUs held by a Kubernetes pod (nvidia.com/gpu requests). Compare with GPUs "
                            "reporting: the difference is free capacity for new model replicas.",
            ),
            stat(
                "Mean GPU utilisation",
                f"avg(DCGM_FI_DEV_GPU_UTIL{{{GPU}}})",
                unit=PERCENT,
                thresholds=[(None, "green"), (95, "blue")],
                description="Share of time a kernel ran, averaged over the selected GPUs. Busy vLLM engines sit near "
                            "100 % without being out of capacity; 95 % or more for an hour on one GPU is the info "
                            "alert GpuUtilizationSaturated, a prompt to check the vLLM queues.",
            ),
            stat(
                "Fullest framebuffer",
                f"max(gpu:dcgm_fb_used:ratio{{{GPU}}})",
                unit=PERCENT_UNIT,
                decimals=1,
                thresholds=[(None, "green"), (0.98, "orange")],
                description="Highest share of GPU memory used or reserved on any selected GPU (recording "
                            "gpu:dcgm_fb_used:ratio). vLLM preallocates 90-96 %; above 98 % for 15 minutes is "
                            "GpuFramebufferNearlyFull: the next allocation fails with CUDA out of memory.",
            ),
            stat(
                "Hottest GPU",
                f"max(DCGM_FI_DEV_GPU_TEMP{{{GPU}}})",
                unit=CELSIUS,
                thresholds=[(None, "green"), (83, "orange"), (88, "red")],
                description="Highest GPU temperature of the selection. 83 °C for 15 minutes warns and 88 °C for "
                            "5 minutes pages (GpuTemperatureHigh): the GPU throttles at about 89 °C.",
            ),
            stat(
                "GPUs with a fatal XID",
                f"count(gpu:dcgm_xid_errors:fatal{{{GPU}}}) or vector(0)",
                unit=COUNT,
                thresholds=[(None, "green"), (1, "red")],
                description="GPUs whose last XID is one after which the GPU needs a reset or its node a drain "
                            "(recording gpu:dcgm_xid_errors:fatal, alert GpuXidFatalError, pages sre). Good is 0.",
            ),
            stat(
                "GPUs with a failed row remap",
                f"count(DCGM_FI_DEV_ROW_REMAP_FAILURE{{{GPU}}} > 0) or vector(0)",
                unit=COUNT,
                thresholds=[(None, "green"), (1, "orange")],
                description="GPUs out of spare memory rows (alert GpuRowRemapFailed): they must be replaced. "
                            "Good is 0.",
            ),
        ),
        row(
            "Utilisation",
            timeseries(
                "GPU utilisation per GPU",
                [(f"max by ({PER_GPU}) (DCGM_FI_DEV_GPU_UTIL{{{GPU}}})", GPU_LEGEND)],
                unit=PERCENT, minimum=0, maximum=100,
                description="Share of time a kernel ran on each GPU. Serving GPUs follow traffic; 95 % or more for "
                            "an hour is GpuUtilizationSaturated (info), and a flat line under 2 % on an allocated GPU "
                            "for a day is GpuAllocatedIdle.",
            ),
            timeseries(
                "GPU utilisation per pod",
                [(f"avg by (namespace, pod) (DCGM_FI_DEV_GPU_UTIL{{{ALLOCATED}}})", "{{namespace}}/{{pod}}")],
                unit=PERCENT, minimum=0, maximum=100,
                description="Mean utilisation of the GPUs each pod holds. A pod near 0 % for hours blocks GPUs no "
                            "one uses (alert GpuAllocatedIdle after 24 hours under 2 %).",
            ),
            timeseries(
                "Tensor pipe active",
                [(f"max by ({PER_GPU}) (DCGM_FI_PROF_PIPE_TENSOR_ACTIVE{{{GPU}}})", GPU_LEGEND)],
                unit=PERCENT_UNIT, minimum=0, maximum=1,
                description="Share of cycles the tensor cores work (DCP field, datacenter GPUs only). Closer to real "
                            "model load than utilisation: decode-heavy serving stays low, large prefills push it up.",
            ),
            timeseries(
                "Memory bandwidth (DRAM active)",
                [(f"max by ({PER_GPU}) (DCGM_FI_PROF_DRAM_ACTIVE{{{GPU}}})", GPU_LEGEND)],
                unit=PERCENT_UNIT, minimum=0, maximum=1,
                description="Share of cycles the device memory interface is busy (DCP field). LLM decoding is "
                            "memory-bound: near 1 here with free tensor cores means decode speed is at its limit.",
            ),
        ),
        row(
            "Memory",
            timeseries(
                "Framebuffer used per GPU",
                [(f"max by ({PER_GPU}) (gpu:dcgm_fb_used:ratio{{{GPU}}})", GPU_LEGEND)],
                unit=PERCENT_UNIT, minimum=0, maximum=1,
                description="Share of each GPU's memory used or reserved (recording gpu:dcgm_fb_used:ratio). vLLM "
                            "GPUs sit at their --gpu-memory-utilization (90-96 %); above 98 % for 15 minutes is "
                            "GpuFramebufferNearlyFull.",
            ),
            timeseries(
                "Framebuffer used per pod",
                [(f"sum by (namespace, pod) (DCGM_FI_DEV_FB_USED{{{ALLOCATED}}}) * {MIB}", "{{namespace}}/{{pod}}")],
                unit=BYTES,
                description="GPU memory in use by each pod, over all its GPUs (DCGM reports MiB). A vLLM pod holds a "
                            "steady amount from start; growth elsewhere is a second process competing for memory.",
            ),
            timeseries(
                "GPUs per pod",
                [(f"count by (namespace, pod) (group by (namespace, pod, Hostname, gpu, UUID) "
                  f"(DCGM_FI_DEV_GPU_UTIL{{{ALLOCATED}}}))", "{{namespace}}/{{pod}}")],
                unit=COUNT, stack=True, minimum=0,
                description="GPUs each pod holds: the tensor-parallel size of each model replica. Steps show "
                            "rollouts and rescheduling; the stack is the allocated GPU count.",
                width=24,
            ),
        ),
        row(
            "Temperature and power",
            timeseries(
                "GPU temperature",
                [(f"max by ({PER_GPU}) (DCGM_FI_DEV_GPU_TEMP{{{GPU}}})", GPU_LEGEND)],
                unit=CELSIUS,
                description="Core temperature per GPU. Good is under 83 °C; 83 °C for 15 minutes warns and 88 °C for "
                            "5 minutes pages (GpuTemperatureHigh). A whole node rising together is its cooling.",
            ),
            timeseries(
                "Memory temperature",
                [(f"max by ({PER_GPU}) (DCGM_FI_DEV_MEMORY_TEMP{{{GPU}}})", GPU_LEGEND)],
                unit=CELSIUS,
                description="HBM temperature per GPU. It runs hotter than the core under memory-bound decoding; a GPU "
                            "far above its neighbours points at airflow in its slot.",
            ),
            timeseries(
                "Power draw per GPU",
                [(f"max by ({PER_GPU}) (DCGM_FI_DEV_POWER_USAGE{{{GPU}}})", GPU_LEGEND)],
                unit=WATTS,
                description="Board power per GPU. It follows utilisation; a GPU that is busy but draws far less than "
                            "its peers is throttled (power or thermal).",
            ),
            timeseries(
                "Power draw per node",
                [(f"sum by (Hostname) (DCGM_FI_DEV_POWER_USAGE{{{GPU}}})", "{{Hostname}}")],
                unit=WATTS, stack=True,
                description="GPU power summed per node, stacked to the selection's total: the load on each rack's "
                            "power and cooling budget.",
            ),
        ),
        row(
            "Hardware faults",
            timeseries(
                "Last XID per GPU",
                [
                    (f"max by ({PER_GPU}) (gpu:dcgm_xid_errors:fatal{{{GPU}}})", "fatal: " + GPU_LEGEND),
                    (f"max by ({PER_GPU}) (DCGM_FI_DEV_XID_ERRORS{{{GPU}}} != 0 unless gpu:dcgm_xid_errors:fatal{{{GPU}}})",
                     GPU_LEGEND),
                ],
                unit=COUNT,
                description="The XID code (not a count) each GPU last raised; empty is good. Fatal codes (48, 62, 64, "
                            "74, 79, 95, 119, 120, 140) page as GpuXidFatalError; any other code, usually a crashed "
                            "process, is GpuXidError.",
            ),
            timeseries(
                "Remapped memory rows (last hour)",
                [
                    (f"max by ({PER_GPU}) (increase(DCGM_FI_DEV_UNCORRECTABLE_REMAPPED_ROWS{{{GPU}}}[1h]))",
                     "uncorrectable: " + GPU_LEGEND),
                    (f"max by ({PER_GPU}) (increase(DCGM_FI_DEV_CORRECTABLE_REMAPPED_ROWS{{{GPU}}}[1h]))",
                     "correctable: " + GPU_LEGEND),
                ],
                unit=COUNT, minimum=0,
                description="Rows remapped over the trailing hour, the window of GpuUncorrectableRowsRemapped. Good "
                            "is 0; an uncorrectable remap only takes effect after a GPU reset.",
            ),
            timeseries(
                "PCIe replays per minute",
                [(f"max by ({PER_GPU}) (rate(DCGM_FI_DEV_PCIE_REPLAY_COUNTER{{{GPU}}}[$__rate_interval])) * 60",
                  GPU_LEGEND)],
                unit=COUNT, minimum=0,
                description="PCIe transfers retried per minute. Good is 0; above 8 per minute for 15 minutes is "
                            "GpuPcieReplaysHigh: a bad riser, slot or card.",
            ),
            timeseries(
                "PCIe throughput",
                [
                    (f"sum by (Hostname, gpu) (DCGM_FI_PROF_PCIE_RX_BYTES{{{GPU}}})", "{{Hostname}} GPU {{gpu}} rx"),
                    (f"-sum by (Hostname, gpu) (DCGM_FI_PROF_PCIE_TX_BYTES{{{GPU}}})", "{{Hostname}} GPU {{gpu}} tx"),
                ],
                unit=BYTES_PER_SECOND,
                description="Host-to-GPU traffic received (up) and sent (down) per GPU (DCP fields). Bursts at model "
                            "load are normal; replays together with low throughput mean a degraded link.",
            ),
        ),
    ],
)
