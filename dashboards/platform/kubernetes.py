"""Workloads and capacity: unready pods, crash loops, OOM kills, missing replicas, full PVCs, requests, targets down.

The generic backstop under every team's service dashboards, built on the alerts of
alerts/kubernetes/ (workloads, volumes, targets) and their recordings. Object state comes from
kube-state-metrics (the API server's view), usage from cAdvisor through the kubelet, volume
usage from the kubelet's volume stats. kube-state-metrics may run more than one replica, so its
series are reduced to the object's identity (namespace + pod/container, deployment, ...) before
they are counted, as the alerts do. cAdvisor's pod-level cgroups (container="") are left out so
a container is not counted twice.
"""

from dashboards.lib import (
    BYTES,
    COUNT,
    PERCENT_UNIT,
    cluster,
    golden,
    label,
    link_to,
    row,
    runbooks_link,
    stat,
    timeseries,
)

# Every selector: the cluster and the namespaces picked.
NS = 'cluster=~"$cluster", namespace=~"$namespace"'
# The whole cluster, for capacity against what the nodes offer.
CL = 'cluster=~"$cluster"'

# KubePodNotReady without its `for`: Pending/Unknown pods, and Running pods failing readiness,
# except those already counted as crash-looping (KubePodCrashLooping's alert, not this one).
NOT_READY = f"""(
  max by (namespace, pod) (kube_pod_status_phase{{{NS}, phase=~"Pending|Unknown"}}) == 1
  or
  (
    max by (namespace, pod) (kube_pod_status_phase{{{NS}, phase="Running"}}) == 1
      and on (namespace, pod)
    max by (namespace, pod) (kube_pod_status_ready{{{NS}, condition="false"}}) == 1
  )
)
  unless on (namespace, pod)
max by (namespace, pod) (
  max_over_time(kube_pod_container_status_waiting_reason{{{NS}, reason="CrashLoopBackOff"}}[5m])
) == 1"""

# KubePodCrashLooping without its `for`.
CRASH_LOOPING = f"""max by (namespace, pod, container) (
  max_over_time(kube_pod_container_status_waiting_reason{{{NS}, reason="CrashLoopBackOff"}}[5m])
) == 1"""

# Containers whose last termination was an OOM kill (KubeContainerOOMKilled's second half).
LAST_OOM = (f'max by (namespace, pod, container) (kube_pod_container_status_last_terminated_reason{{{NS}, '
            f'reason="OOMKilled"}}) == 1')

# KubeDeploymentUnavailable / KubeStatefulSetUnavailable without their `for`.
DEPLOYMENT_DOWN = f"""max by (namespace, deployment) (kube_deployment_spec_replicas{{{NS}}}) > 0
  and on (namespace, deployment)
max by (namespace, deployment) (kube_deployment_status_replicas_available{{{NS}}}) == 0"""
STATEFULSET_DOWN = f"""max by (namespace, statefulset) (kube_statefulset_replicas{{{NS}}}) > 0
  and on (namespace, statefulset)
max by (namespace, statefulset) (kube_statefulset_status_replicas_available{{{NS}}}) == 0"""

# KubeDeploymentReplicasUnavailable / KubeStatefulSetReplicasUnavailable without their `for`:
# some replicas missing, at least one available.
DEPLOYMENT_SHORT = f"""max by (namespace, deployment) (kube_deployment_status_replicas_unavailable{{{NS}}}) > 0
  and on (namespace, deployment)
max by (namespace, deployment) (kube_deployment_status_replicas_available{{{NS}}}) > 0"""
STATEFULSET_SHORT = f"""(
  max by (namespace, statefulset) (kube_statefulset_replicas{{{NS}}})
  -
  max by (namespace, statefulset) (kube_statefulset_status_replicas_available{{{NS}}})
) > 0
  and on (namespace, statefulset)
max by (namespace, statefulset) (kube_statefulset_status_replicas_available{{{NS}}}) > 0"""

# Claims mounted read-only never fill up from this cluster: the volume alerts leave them out.
READ_ONLY = f'kube_persistentvolumeclaim_access_mode{{{NS}, access_mode="ReadOnlyMany"}} == 1'


def requests(resource: str, selector: str, by: str) -> str:
    """Requests of `resource` of the pods that hold them (Pending or Running; finished pods keep
    their spec but not their reservation), one series per kube-state-metrics object."""
    return f"""sum by ({by}) (
  max by (namespace, pod, container) (kube_pod_container_resource_requests{{{selector}, resource="{resource}"}})
    * on (namespace, pod) group_left ()
  max by (namespace, pod) (kube_pod_status_phase{{{selector}, phase=~"Pending|Running"}})
)"""


def allocatable(resource: str) -> str:
    return f'sum(max by (node) (kube_node_status_allocatable{{{CL}, resource="{resource}"}}))'


CPU_USED = f'sum by (namespace) (rate(container_cpu_usage_seconds_total{{{NS}, container!=""}}[$__rate_interval]))'
MEMORY_USED = f'sum by (namespace) (container_memory_working_set_bytes{{{NS}, container!=""}})'

dashboard = golden(
    uid="platform-kubernetes",
    title="Platform / Kubernetes",
    team="sre",
    description=__doc__.splitlines()[0],
    tags=["platform", "kubernetes"],
    links=[
        runbooks_link("kubernetes/"),
        link_to("platform-nodes", "Platform / Nodes"),
        link_to("monitoring-prometheus", "Monitoring / Prometheus"),
        link_to("monitoring-stack", "Monitoring / Stack"),
    ],
    variables=[
        cluster("kube_pod_info"),
        label("namespace", 'kube_pod_info{cluster=~"$cluster"}'),
    ],
    rows=[
        row(
            "Overview",
            stat(
                "Pods not ready",
                f"count({NOT_READY}) or vector(0)",
                unit=COUNT, width=3,
                thresholds=[(None, "green"), (1, "orange")],
                description="Pods Pending, Unknown, or Running without passing readiness now (crash loops aside). "
                            "Good is 0; one that stays for 15 minutes is KubePodNotReady.",
            ),
            stat(
                "Crash-looping containers",
                f"count({CRASH_LOOPING}) or vector(0)",
                unit=COUNT, width=3,
                thresholds=[(None, "green"), (1, "orange")],
                description="Containers in CrashLoopBackOff within the last 5 minutes. Good is 0; 15 minutes in a "
                            "loop is KubePodCrashLooping.",
            ),
            stat(
                "OOM-killed (1h)",
                f"""count(
  round(max by (namespace, pod, container) (increase(kube_pod_container_status_restarts_total{{{NS}}}[1h]))) > 0
    and on (namespace, pod, container)
  {LAST_OOM}
) or vector(0)""",
                unit=COUNT, width=3,
                thresholds=[(None, "green"), (1, "orange")],
                description="Containers that restarted in the last hour and whose last exit was an OOM kill "
                            "(KubeContainerOOMKilled fires on each). Good is 0.",
            ),
            stat(
                "Workloads down",
                f"(count({DEPLOYMENT_DOWN}) or vector(0)) + (count({STATEFULSET_DOWN}) or vector(0))",
                unit=COUNT, width=3,
                thresholds=[(None, "green"), (1, "red")],
                description="Deployments and StatefulSets that want replicas but have none available. Good is 0; "
                            "after 5 minutes KubeDeploymentUnavailable or KubeStatefulSetUnavailable pages.",
            ),
            stat(
                "Workloads short of replicas",
                f"(count({DEPLOYMENT_SHORT}) or vector(0)) + (count({STATEFULSET_SHORT}) or vector(0))",
                unit=COUNT, width=3,
                thresholds=[(None, "green"), (1, "orange")],
                description="Deployments and StatefulSets missing some replicas while others serve. Good is 0 outside "
                            "rollouts; 15 minutes is KubeDeploymentReplicasUnavailable or "
                            "KubeStatefulSetReplicasUnavailable.",
            ),
            stat(
                "Fullest PVC: free space",
                f"""min(
  namespace_persistentvolumeclaim:kubelet_volume_stats_available_bytes:ratio{{{NS}}}
    unless on (namespace, persistentvolumeclaim)
  {READ_ONLY}
)""",
                unit=PERCENT_UNIT, width=3, decimals=1,
                thresholds=[(None, "red"), (0.03, "orange"), (0.15, "green")],
                description="Free space of the fullest writable claim. Under 3 % for 5 minutes pages "
                            "(KubePersistentVolumeAlmostFull); under 15 % and filling within a day warns "
                            "(KubePersistentVolumeFillingUp).",
            ),
            stat(
                "Scrape jobs degraded",
                f"count(namespace_job:up:ratio_down{{{NS}}} > 0.1 < 1) or vector(0)",
                unit=COUNT, width=3,
                thresholds=[(None, "green"), (1, "orange")],
                description="Scrape jobs with more than 10 % but not all of their targets down (recording "
                            "namespace_job:up:ratio_down). Good is 0; 15 minutes is TargetDown.",
            ),
            stat(
                "Scrape jobs down",
                f"count(namespace_job:up:ratio_down{{{NS}}} == 1) or vector(0)",
                unit=COUNT, width=3,
                thresholds=[(None, "green"), (1, "red")],
                description="Scrape jobs with every target down: nothing of that service is collected and its "
                            "alerts are blind. Good is 0; 10 minutes pages as TargetJobDown.",
            ),
        ),
        row(
            "Pods",
            timeseries(
                "Pods not ready by namespace",
                [(f"count by (namespace) ({NOT_READY})", "{{namespace}}")],
                unit=COUNT, stack=True, minimum=0,
                description="Pods Pending, Unknown or Running without readiness, per namespace (crash loops "
                            "aside). Short spikes are rollouts; a pod that stays 15 minutes is KubePodNotReady.",
            ),
            timeseries(
                "Containers waiting, by reason",
                [(f"count by (reason) (max by (namespace, pod, container, reason) "
                  f"(kube_pod_container_status_waiting_reason{{{NS}}}) == 1)", "{{reason}}")],
                unit=COUNT, stack=True, minimum=0,
                description="Containers that are not running, by why: CrashLoopBackOff (KubePodCrashLooping after "
                            "15 minutes), ImagePullBackOff, CreateContainerConfigError, ... Good is empty but for "
                            "brief ContainerCreating during rollouts.",
            ),
            timeseries(
                "Container restarts in the last hour (top 10)",
                [(f"topk(10, round(max by (namespace, pod, container) "
                  f"(increase(kube_pod_container_status_restarts_total{{{NS}}}[1h]))) > 0)",
                  "{{namespace}}/{{pod}} {{container}}")],
                unit=COUNT, minimum=0,
                description="Restarts over the trailing hour of the containers restarting most. Good is empty; a "
                            "steady climb is a crash loop in the making, a step at one time a node or OOM event.",
            ),
            timeseries(
                "OOM kills",
                [(f"""round(max by (namespace, pod, container) (
  increase(kube_pod_container_status_restarts_total{{{NS}}}[$__rate_interval])
)) > 0
  and on (namespace, pod, container)
{LAST_OOM}""", "{{namespace}}/{{pod}} {{container}}")],
                unit=COUNT, minimum=0,
                description="Restarts of containers whose last exit was OOMKilled, per interval (each is "
                            "KubeContainerOOMKilled). Good is empty; repeated kills need a higher memory limit or "
                            "a fix of the leak (see Memory against limit).",
            ),
        ),
        row(
            "Workloads",
            timeseries(
                "Replicas unavailable",
                [
                    (f"max by (namespace, deployment) (kube_deployment_status_replicas_unavailable{{{NS}}}) > 0",
                     "deployment {{namespace}}/{{deployment}}"),
                    (f"""(
  max by (namespace, statefulset) (kube_statefulset_replicas{{{NS}}})
  -
  max by (namespace, statefulset) (kube_statefulset_status_replicas_available{{{NS}}})
) > 0""", "statefulset {{namespace}}/{{statefulset}}"),
                ],
                unit=COUNT, minimum=0,
                description="Replicas of each Deployment and StatefulSet that are not available. Good is empty "
                            "outside rollouts; 15 minutes is Kube*ReplicasUnavailable, none available for 5 minutes "
                            "pages as Kube*Unavailable.",
            ),
            timeseries(
                "DaemonSet pods unavailable",
                [(f"max by (namespace, daemonset) (kube_daemonset_status_number_unavailable{{{NS}}}) > 0",
                  "{{namespace}}/{{daemonset}}")],
                unit=COUNT, minimum=0,
                description="Nodes that should run a DaemonSet pod (node-exporter, the OpenTelemetry agent, DCGM) "
                            "but have none available. Good is empty; a gap means that node is unmonitored.",
            ),
            timeseries(
                "Failed Jobs",
                [(f"""sum by (namespace, job_name) (kube_job_status_failed{{{NS}}})
  and on (namespace, job_name)
max by (namespace, job_name) (kube_job_failed{{{NS}, condition="true"}}) == 1""", "{{namespace}}/{{job_name}}")],
                unit=COUNT, minimum=0,
                description="Failed pods of Jobs that hit their backoffLimit or deadline (KubeJobFailed, held until "
                            "the Job is deleted). Good is empty.",
                width=24,
            ),
        ),
        row(
            "Capacity: requests and usage",
            stat(
                "CPU requested of allocatable",
                f"{requests('cpu', CL, '')} / {allocatable('cpu')}",
                unit=PERCENT_UNIT, width=12, decimals=1,
                thresholds=[(None, "green"), (0.8, "orange"), (0.9, "red")],
                description="CPU requested by Pending and Running pods of the whole cluster, against what its nodes "
                            "offer. Above 90 % new pods stay Pending (KubePodNotReady): add nodes or trim requests.",
            ),
            stat(
                "Memory requested of allocatable",
                f"{requests('memory', CL, '')} / {allocatable('memory')}",
                unit=PERCENT_UNIT, width=12, decimals=1,
                thresholds=[(None, "green"), (0.8, "orange"), (0.9, "red")],
                description="Memory requested by Pending and Running pods of the whole cluster, against what its "
                            "nodes offer. Above 90 % new pods stay Pending (KubePodNotReady).",
            ),
            timeseries(
                "CPU used of requested, by namespace",
                [(f"{CPU_USED}\n/\n({requests('cpu', NS, 'namespace')} > 0)", "{{namespace}}")],
                unit=PERCENT_UNIT, minimum=0,
                description="CPU the namespace's containers use against what they request. Far below 100 % is "
                            "reserved capacity nobody uses; far above, pods borrow idle CPU and slow down when the "
                            "node fills.",
            ),
            timeseries(
                "Memory used of requested, by namespace",
                [(f"{MEMORY_USED}\n/\n({requests('memory', NS, 'namespace')} > 0)", "{{namespace}}")],
                unit=PERCENT_UNIT, minimum=0,
                description="Working set of the namespace's containers against their memory requests. Above 100 % "
                            "the pods are the first evicted when their node runs short (NodeMemoryAvailableLow).",
            ),
            timeseries(
                "CPU throttling (top 10 containers)",
                [(f"""topk(10,
  sum by (namespace, pod, container) (
    rate(container_cpu_cfs_throttled_periods_total{{{NS}, container!=""}}[$__rate_interval])
  )
  /
  sum by (namespace, pod, container) (rate(container_cpu_cfs_periods_total{{{NS}, container!=""}}[$__rate_interval]))
)""", "{{namespace}}/{{pod}} {{container}}")],
                unit=PERCENT_UNIT, minimum=0, maximum=1,
                description="Share of CFS periods in which the container hit its CPU limit. Under 25 % is "
                            "usually harmless; more means latency from the limit, not from the node.",
            ),
            timeseries(
                "Memory against limit (top 10 containers)",
                [(f"""topk(10,
  max by (namespace, pod, container) (container_memory_working_set_bytes{{{NS}, container!=""}})
  /
  max by (namespace, pod, container) (kube_pod_container_resource_limits{{{NS}, resource="memory"}} > 0)
)""", "{{namespace}}/{{pod}} {{container}}")],
                unit=PERCENT_UNIT, minimum=0, maximum=1,
                description="Working set of the containers closest to their memory limit. At 100 % the kernel "
                            "OOM-kills the container (KubeContainerOOMKilled); good stays below 90 %.",
            ),
        ),
        row(
            "Persistent volumes",
            timeseries(
                "Free space (10 fullest PVCs)",
                [(f"""bottomk(10,
  namespace_persistentvolumeclaim:kubelet_volume_stats_available_bytes:ratio{{{NS}}}
    unless on (namespace, persistentvolumeclaim)
  {READ_ONLY}
)""", "{{namespace}}/{{persistentvolumeclaim}}")],
                unit=PERCENT_UNIT, minimum=0, maximum=1,
                description="Free share of the fullest writable claims (recording namespace_persistentvolumeclaim:"
                            "kubelet_volume_stats_available_bytes:ratio). Under 15 % and filling is "
                            "KubePersistentVolumeFillingUp, under 3 % pages as KubePersistentVolumeAlmostFull.",
            ),
            timeseries(
                "Free inodes (10 lowest PVCs)",
                [(f"""bottomk(10,
  namespace_persistentvolumeclaim:kubelet_volume_stats_inodes_free:ratio{{{NS}}}
    unless on (namespace, persistentvolumeclaim)
  {READ_ONLY}
)""", "{{namespace}}/{{persistentvolumeclaim}}")],
                unit=PERCENT_UNIT, minimum=0, maximum=1,
                description="Free share of inodes of the claims lowest on them (recording namespace_"
                            "persistentvolumeclaim:kubelet_volume_stats_inodes_free:ratio). Under 5 % is "
                            "KubePersistentVolumeInodesFillingUp: small files (Loki chunks, MinIO parts) exhaust them.",
            ),
            timeseries(
                "Free space in 24 hours at the 6-hour trend (10 lowest)",
                [(f"""bottomk(10,
  min by (namespace, persistentvolumeclaim) (
    predict_linear(kubelet_volume_stats_available_bytes{{{NS}}}[6h], 24 * 3600)
  )
)""", "{{namespace}}/{{persistentvolumeclaim}}")],
                unit=BYTES,
                description="Free bytes each claim will have in a day if the last 6 hours' growth goes on. Below 0 "
                            "with under 15 % free now is KubePersistentVolumeFillingUp: expand the volume a day ahead.",
                width=24,
            ),
        ),
        row(
            "Scrape targets",
            timeseries(
                "Share of targets down, per job",
                [(f"namespace_job:up:ratio_down{{{NS}}} > 0", "{{namespace}}/{{job}}")],
                unit=PERCENT_UNIT, minimum=0, maximum=1,
                description="Share of each scrape job's targets whose last scrape failed (recording "
                            "namespace_job:up:ratio_down). Good is empty; over 10 % for 15 minutes is TargetDown, "
                            "100 % for 10 minutes pages as TargetJobDown.",
            ),
            timeseries(
                "Targets down, per job",
                [(f"count by (namespace, job) (up{{{NS}}} == 0)", "{{namespace}}/{{job}}")],
                unit=COUNT, minimum=0,
                description="Scrape targets failing per job. Good is empty; a job vanishing from service discovery "
                            "has no `up` and does not show here (its own absent() alerts cover it).",
            ),
        ),
    ],
)
