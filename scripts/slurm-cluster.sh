#!/usr/bin/env bash
# A real SLURM cluster on this one machine, for Flywheel's tests and for trying the SLURM
# executor without a cluster: munged, one slurmctld and FW_SLURM_NODES slurmd daemons (2 by
# default, so multi-node jobs run; Debian's slurmd accepts `-N name` for several daemons on
# one host).
#
#   bash scripts/slurm-cluster.sh start    # configure and start (a no-op when running)
#   bash scripts/slurm-cluster.sh status   # sinfo
#   bash scripts/slurm-cluster.sh env      # the export a shell needs, if any (see below)
#   bash scripts/slurm-cluster.sh stop
#
# Needs root and Debian's `slurm-wlm` and `munge` packages. The configuration goes to
# /etc/slurm/slurm.conf, where sbatch & co. look without SLURM_CONF, unless that file exists
# and was not written by this script (a real cluster's); then it goes to $FW_SLURM_DIR and
# `env` prints the SLURM_CONF export to use (FW_SLURM_CONF picks another path). State, spool
# and logs live in $FW_SLURM_DIR (default /tmp/fw-slurm).
set -euo pipefail

DIR=${FW_SLURM_DIR:-/tmp/fw-slurm}
NODES=${FW_SLURM_NODES:-2}
MARKER='# Written by Flywheel scripts/slurm-cluster.sh'
HOST=$(hostname -s)

die() { echo "slurm-cluster: $*" >&2; exit 1; }

ours() { [ ! -e "$1" ] || grep -qF "$MARKER" "$1"; }

# FW_SLURM_CONF, not SLURM_CONF, chooses: a SLURM_CONF left in a shell may name a real cluster's file.
conf_path() {
  if [ -n "${FW_SLURM_CONF:-}" ]; then echo "$FW_SLURM_CONF"
  elif ours /etc/slurm/slurm.conf; then echo /etc/slurm/slurm.conf
  else echo "$DIR/slurm.conf"
  fi
}
CONF=$(conf_path)
export SLURM_CONF=$CONF

node_names() {
  if [ "$NODES" = 1 ]; then echo "$HOST"; else for i in $(seq 1 "$NODES"); do echo "fw-node$i"; done; fi
}

# Is the process in this pid file alive and still a SLURM daemon? Not a zombie (a container's
# init may never reap it), nor another program that got the pid of one that died.
alive() {
  local pid
  pid=$(cat "$1" 2>/dev/null) || return 1
  [ -n "$pid" ] && [ -d "/proc/$pid" ] && ! grep -q '^State:.*Z' "/proc/$pid/status" 2>/dev/null &&
    grep -qE '^slurm(ctld|d)$' "/proc/$pid/comm" 2>/dev/null
}

start_munge() {
  if [ ! -s /etc/munge/munge.key ]; then
    mkdir -p /etc/munge
    dd if=/dev/urandom of=/etc/munge/munge.key bs=1 count=1024 status=none
  fi
  chown -R munge:munge /etc/munge && chmod 700 /etc/munge && chmod 400 /etc/munge/munge.key
  mkdir -p /run/munge /var/lib/munge /var/log/munge
  chown munge:munge /run/munge /var/lib/munge /var/log/munge
  chmod 755 /run/munge
  if munge -n </dev/null 2>/dev/null | unmunge >/dev/null 2>&1; then return; fi
  runuser -u munge -- /usr/sbin/munged --force
  for _ in $(seq 50); do munge -n </dev/null 2>/dev/null | unmunge >/dev/null 2>&1 && return; sleep 0.1; done
  die "munged did not start (see /var/log/munge/munged.log)"
}

write_conf() {
  local cpus mem_total mem_node
  cpus=$(nproc)
  mem_total=$(awk '/^MemTotal:/ { print int($2 / 1024) }' /proc/meminfo)
  # 1 GiB (or a quarter, on a small machine) stays for the system. The slurmd daemons share
  # the machine: each node gets every CPU (oversubscribing CPUs only slows jobs down) but an
  # equal share of memory (oversubscribing memory would let jobs run the machine out of it).
  local reserve=$((mem_total / 4 < 1024 ? mem_total / 4 : 1024))
  mem_node=$(((mem_total - reserve) / NODES))
  ours "$CONF" || die "$CONF was not written by this script; not overwriting it (set FW_SLURM_CONF to another path)"
  mkdir -p "$(dirname "$CONF")"
  cat >"$CONF.tmp" <<EOF
$MARKER for a local test cluster; \`slurm-cluster.sh stop\` leaves it in place.
ClusterName=flywheel
SlurmctldHost=$HOST(127.0.0.1)
SlurmctldPort=16817
SlurmdPort=16818
SlurmUser=root
SlurmdUser=root
AuthType=auth/munge
CredType=cred/munge
StateSaveLocation=$DIR/state
SlurmdSpoolDir=$DIR/spool-%n
SlurmctldPidFile=$DIR/slurmctld.pid
SlurmdPidFile=$DIR/slurmd-%n.pid
SlurmctldLogFile=$DIR/log/slurmctld.log
SlurmdLogFile=$DIR/log/slurmd-%n.log
# No cgroups in containers: track processes by walking /proc, and bind nothing.
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
MpiDefault=none
# Cores and memory are both consumable, so --mem is accounted and jobs share a node.
SelectType=select/cons_tres
SelectTypeParameters=CR_Core_Memory
# Without a default a job that gives no --mem takes the whole node's memory.
DefMemPerCPU=256
AccountingStorageType=accounting_storage/none
JobAcctGatherType=jobacct_gather/none
JobCompType=jobcomp/none
# Batch jobs are started by the scheduling loops, not at submit: run both every second
# (the defaults are 30 and 60 s), so a job starts within about a second.
SchedulerType=sched/backfill
SchedulerParameters=bf_interval=1,sched_interval=1
# Ended jobs stay visible to scontrol for 5 minutes: that is how exit codes are read.
MinJobAge=300
KillWait=5
SlurmctldTimeout=10
SlurmdTimeout=30
MessageTimeout=10
InactiveLimit=0
Waittime=0
ReturnToService=2
EOF
  local port=17001
  for name in $(node_names); do
    echo "NodeName=$name NodeHostname=$HOST NodeAddr=127.0.0.1 Port=$port CPUs=$cpus RealMemory=$mem_node State=UNKNOWN" >>"$CONF.tmp"
    port=$((port + 1))
  done
  echo "PartitionName=debug Nodes=ALL Default=YES MaxTime=INFINITE State=UP" >>"$CONF.tmp"
  mv "$CONF.tmp" "$CONF"
}

wait_idle() {
  local names state
  names=$(node_names | paste -sd,)
  for _ in $(seq 150); do
    state=$(sinfo -h -N -n "$names" -o '%N %t' 2>/dev/null || true)
    if [ -n "$state" ] && ! grep -vqE ' (idle|mix|alloc|comp)$' <<<"$state"; then return; fi
    # A node that comes back after a restart may be marked down or drained: resume it.
    if grep -qE ' (down|drain|drng|drained|fail)[*~#]?$' <<<"$state"; then
      scontrol update nodename="$names" state=resume >/dev/null 2>&1 || true
    fi
    sleep 0.2
  done
  sinfo -N >&2 || true
  die "the nodes did not become idle in 30 s (logs in $DIR/log)"
}

start() {
  [ "$(id -u)" = 0 ] || die "needs root (it starts munged, slurmctld and slurmd as root): run it with sudo"
  command -v slurmctld >/dev/null || [ -x /usr/sbin/slurmctld ] || die "SLURM is not installed: apt-get install slurm-wlm munge"
  export PATH="$PATH:/usr/sbin"
  mkdir -p "$DIR/state" "$DIR/log"
  start_munge
  local running=1
  alive "$DIR/slurmctld.pid" || running=0
  for name in $(node_names); do alive "$DIR/slurmd-$name.pid" || running=0; done
  if [ "$running" = 1 ] && [ -f "$CONF" ]; then
    wait_idle
    echo "SLURM already running (config $CONF)"
    return
  fi
  write_conf
  if ! alive "$DIR/slurmctld.pid"; then slurmctld -f "$CONF"; fi
  for name in $(node_names); do
    mkdir -p "$DIR/spool-$name"
    alive "$DIR/slurmd-$name.pid" || slurmd -f "$CONF" -N "$name"
  done
  wait_idle
  echo "SLURM running: $(node_names | paste -sd' ') in partition debug (config $CONF, logs $DIR/log)"
}

stop() {
  scontrol shutdown >/dev/null 2>&1 || true
  for f in "$DIR"/slurmd-*.pid "$DIR/slurmctld.pid"; do
    [ -f "$f" ] || continue
    for _ in $(seq 50); do alive "$f" || break; sleep 0.1; done
    if alive "$f"; then kill "$(cat "$f")" 2>/dev/null || true; fi
    rm -f "$f"
  done
  echo "SLURM stopped"
}

case "${1:-}" in
  start) start ;;
  stop) stop ;;
  status) sinfo ;;
  env) if [ "$CONF" != /etc/slurm/slurm.conf ]; then echo "export SLURM_CONF=$CONF"; fi ;;
  *) die "usage: $0 start|stop|status|env" ;;
esac
