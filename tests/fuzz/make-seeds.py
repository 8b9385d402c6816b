#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-only
#
# Writes the seed corpus (tests/fuzz/corpus) from the programs below,
# encoded in the fuzz input layout of fuzz/decode.c: each seed decodes
# into the scenario its comment describes, on any vfio target (ioctls are
# picked from the vfio uAPI's fixed order).  Rerun after a change of the
# layout:   tests/fuzz/make-seeds.py tests/fuzz/corpus
# and check with fuzz-vfio-replay --emit FILE.
import os
import sys

IOCTLS = ["GET_API_VERSION", "CHECK_EXTENSION", "SET_IOMMU",
          "GROUP_GET_STATUS", "GROUP_SET_CONTAINER",
          "GROUP_UNSET_CONTAINER", "GROUP_GET_DEVICE_FD", "DEVICE_GET_INFO",
          "DEVICE_BIND_IOMMUFD", "DEVICE_ATTACH_IOMMUFD_PT",
          "DEVICE_DETACH_IOMMUFD_PT", "IOMMU_IOAS_ALLOC"]
# the target's other ioctls, in the linux and model tables' order
EXTRAS = ["GROUP_GET_STATUS_ARGSZ", "DEVICE_BIND_IOMMUFD_ARGSZ",
          "DEVICE_BIND_IOMMUFD_FLAGS", "DEVICE_ATTACH_IOMMUFD_PT_ARGSZ",
          "DEVICE_ATTACH_IOMMUFD_PT_FLAGS", "DEVICE_DETACH_IOMMUFD_PT_ARGSZ",
          "DEVICE_DETACH_IOMMUFD_PT_FLAGS", "MOCK_GET_KVM", "KVM_CREATE_VM",
          "KVM_DEV_VFIO_FILE_ADD", "KVM_DEV_VFIO_FILE_DEL",
          "KVM_VFIO_AT_DESTROY"]
RETURNS_FD = ["GROUP_GET_DEVICE_FD", "KVM_CREATE_VM"]
SLOT_OF_GROUP = {7: 0, 8: 1, 9: 2, 10: 6, None: 7}
# device kinds (the byte's top 3 bits)
KINDS = {"plain": 0, "noiommu": 5, "emulated": 6, "devset": 7}


def ioctl_byte(name):
    if name in IOCTLS:
        return IOCTLS.index(name)
    return 12 + 16 * EXTRAS.index(name)


class Seed:
    def __init__(self, devices, procs, strategy="pct", depth=3, seed=1,
                 fail_nth=0):
        """devices: [(bus 0 pci/1 platform/2 mdev, group[, kind, slot])]
        (noiommu: slot 1 sets enable_unsafe_noiommu_mode; devset: the
        slot's low bit picks set s0 or s1);
        procs: [(caps bits, two threads, may exit)]"""
        self.b = bytearray()
        self.b.append((len(devices) - 1) + 4 * (len(procs) - 1))
        self.groups = []
        self.iommu_less = False
        for dev in devices:
            bus, group = dev[0], dev[1]
            kind = KINDS[dev[2]] if len(dev) > 2 else 0
            slot = dev[3] if len(dev) > 3 else SLOT_OF_GROUP[group]
            d = next(d for d in range(256)
                     if d % 3 == bus and (d >> 2) & 7 == slot and
                     d >> 5 == kind)
            self.b.append(d)
            if kind in (5, 6):
                self.iommu_less = True
                group = None
            if group is not None and group not in self.groups:
                self.groups.append(group)
        self.ndev = len(devices)
        self.threads = []          # (proc, name)
        self.exits = []
        for i, (caps, two, may_exit) in enumerate(procs):
            self.b.append(caps | (two << 2) | (may_exit << 3))
            self.exits.append(bool(may_exit) and not two)
            self.threads.append(i)
            if two:
                self.threads.append(i)
        self.threads.append(None)  # K, the driver's thread
        self.b.append((1 if strategy == "pct" else 0) | ((depth - 1) << 1))
        self.b += seed.to_bytes(4, "little")
        if fail_nth:
            n = fail_nth - 1
            self.b += bytes([0xf0, n & 0xff, n >> 8])
        else:
            self.b.append(0)
        self.handles = []          # (proc, thread index)

    def _handle(self, th, h):
        """the byte that picks handle number h for thread th"""
        proc = self.threads[th]
        cand = [i for i in reversed(range(len(self.handles)))
                if self.handles[i][0] == proc and
                (not self.exits[proc] or self.handles[i][1] == th)]
        return cand.index(h)

    def _new(self, th):
        self.handles.append((self.threads[th], th))
        return len(self.handles) - 1

    def open(self, th, what):
        """what: 'container', 'iommu', 'kvm', ('group', id), ('dev', n),
        ('noiommu', n), ('group-of-own', n)"""
        devs = 2 + len(self.groups) + 1 + self.ndev + 1
        if what == "container":
            i = 0
        elif what == "iommu":
            i = 1
        elif what == "kvm":
            i = devs
        elif what[0] == "group":
            i = 2 + self.groups.index(what[1])
        elif what[0] == "noiommu":
            i = devs + 1 + what[1]
        elif what[0] == "group-of-own":
            i = devs + 3 + what[1]
        else:
            i = 2 + len(self.groups) + 1 + what[1]
        self.b += bytes([th, 0, i, 0])
        return self._new(th)

    def ioctl(self, th, h, name, arg=0, fd=None):
        """arg: the argument byte; fd: handle for fd arguments"""
        new = name in RETURNS_FD
        self.b += bytes([th, 3, self._handle(th, h), ioctl_byte(name),
                         arg])
        if fd is not None:
            self.b.append(self._handle(th, fd))
        return self._new(th) if new else None

    def close(self, th, h):
        self.b += bytes([th, 8, self._handle(th, h)])

    def dup(self, th, h):
        self.b += bytes([th, 10, self._handle(th, h)])
        return self._new(th)

    def exit(self, th):
        self.b += bytes([th, 13])

    def unregister(self, dev):
        self.b += bytes([len(self.threads) - 1, 0, dev])


TYPE1v2 = 2     # index among SET_IOMMU's symbols


def group_path():
    s = Seed([(0, 7)], [(0, 0, 0)])
    g = s.open(0, ("group", 7))
    c = s.open(0, "container")
    s.ioctl(0, g, "GROUP_SET_CONTAINER", 0, fd=c)
    s.ioctl(0, c, "SET_IOMMU", TYPE1v2)
    d = s.ioctl(0, g, "GROUP_GET_DEVICE_FD", 0)
    s.ioctl(0, d, "DEVICE_GET_INFO")
    s.close(0, d)
    s.close(0, g)
    s.close(0, c)
    return s


def cdev_path():
    s = Seed([(0, 7)], [(0, 0, 0)], strategy="random", seed=5)
    i = s.open(0, "iommu")
    s.ioctl(0, i, "IOMMU_IOAS_ALLOC")
    d = s.open(0, ("dev", 0))
    s.ioctl(0, d, "DEVICE_BIND_IOMMUFD", 0, fd=i)
    s.ioctl(0, d, "DEVICE_ATTACH_IOMMUFD_PT", 8)    # pt_id 1
    s.ioctl(0, d, "DEVICE_DETACH_IOMMUFD_PT")
    s.close(0, d)
    s.close(0, i)
    return s


def group_vs_cdev():
    # two devices in one group: one through the group, one through its
    # cdev in another process
    s = Seed([(0, 7), (0, 7)], [(1, 0, 0), (0, 0, 0)], seed=11)
    g = s.open(0, ("group", 7))
    c = s.open(0, "container")
    s.ioctl(0, g, "GROUP_SET_CONTAINER", 0, fd=c)
    s.ioctl(0, c, "SET_IOMMU", TYPE1v2)
    i = s.open(1, "iommu")
    x = s.open(1, ("dev", 1))
    s.ioctl(1, x, "DEVICE_BIND_IOMMUFD", 0, fd=i)
    d = s.ioctl(0, g, "GROUP_GET_DEVICE_FD", 0)
    s.close(0, d)
    s.close(1, x)
    return s


def open_vs_unregister():
    s = Seed([(0, 8), (1, 9)], [(0, 0, 1), (0, 1, 0)], seed=3)
    d = s.open(0, ("dev", 0))
    s.unregister(0)
    i = s.open(0, "iommu")
    s.ioctl(0, d, "DEVICE_BIND_IOMMUFD", 0, fd=i)
    g = s.open(1, ("group", 9))
    s.unregister(1)
    s.ioctl(1, g, "GROUP_GET_STATUS")
    s.exit(0)
    return s


def dup_and_double_close():
    s = Seed([(2, 7)], [(0, 1, 0)], strategy="random", seed=9)
    g = s.open(0, ("group", 7))
    h = s.dup(1, g)
    s.close(0, g)
    s.close(1, g)           # the same variable, closed twice
    s.ioctl(1, h, "GROUP_GET_STATUS")
    s.close(1, h)
    return s


def bind_twice_fail_nth():
    s = Seed([(0, 7)], [(0, 0, 0), (0, 0, 0)], fail_nth=40)
    i = s.open(0, "iommu")
    d = s.open(0, ("dev", 0))
    s.ioctl(0, d, "DEVICE_BIND_IOMMUFD", 0, fd=i)
    j = s.open(1, "iommu")
    e = s.open(1, ("dev", 0))
    s.ioctl(1, e, "DEVICE_BIND_IOMMUFD", 0, fd=j)
    s.close(0, d)
    s.close(1, e)
    return s


def container_no_group():
    s = Seed([(0, None), (1, 10)], [(3, 0, 0)], strategy="random", seed=2)
    c = s.open(0, "container")
    s.ioctl(0, c, "GET_API_VERSION")
    s.ioctl(0, c, "CHECK_EXTENSION", TYPE1v2)
    s.ioctl(0, c, "SET_IOMMU", TYPE1v2)
    g = s.open(0, ("group", 10))
    s.ioctl(0, g, "GROUP_SET_CONTAINER", 6)         # BADPTR
    s.ioctl(0, g, "GROUP_SET_CONTAINER", 0, fd=c)
    s.ioctl(0, g, "GROUP_UNSET_CONTAINER")
    s.ioctl(0, g, "GROUP_GET_DEVICE_FD", 5)         # an unknown name
    return s


def kvm_group():
    # a VM given the group before the device is opened: the open takes
    # the VM's reference (MOCK_GET_KVM), the VM fd is closed first
    s = Seed([(0, 7)], [(0, 0, 0)], seed=13)
    k = s.open(0, "kvm")
    vm = s.ioctl(0, k, "KVM_CREATE_VM")
    g = s.open(0, ("group", 7))
    c = s.open(0, "container")
    s.ioctl(0, g, "GROUP_SET_CONTAINER", 0, fd=c)
    s.ioctl(0, c, "SET_IOMMU", TYPE1v2)
    s.ioctl(0, vm, "KVM_DEV_VFIO_FILE_ADD", 0, fd=g)
    d = s.ioctl(0, g, "GROUP_GET_DEVICE_FD", 0)
    s.ioctl(0, d, "MOCK_GET_KVM")
    s.close(0, vm)
    s.close(0, d)
    s.close(0, g)
    return s


def noiommu():
    # a noiommu device with enable_unsafe_noiommu_mode, opened by a
    # process with CAP_SYS_RAWIO; an emulated device next to it
    s = Seed([(0, None, "noiommu", 1), (1, None, "emulated", 0)],
             [(1, 0, 0)], strategy="random", seed=4)
    g = s.open(0, ("noiommu", 0))
    c = s.open(0, "container")
    s.ioctl(0, c, "CHECK_EXTENSION", 5)             # NOIOMMU
    s.ioctl(0, g, "GROUP_SET_CONTAINER", 0, fd=c)
    s.ioctl(0, c, "SET_IOMMU", 5)
    d = s.ioctl(0, g, "GROUP_GET_DEVICE_FD", 0)
    e = s.open(0, ("dev", 1))
    i = s.open(0, "iommu")
    s.ioctl(0, e, "DEVICE_BIND_IOMMUFD", 0, fd=i)
    s.close(0, d)
    return s


def devset_two_groups():
    # two devices of one device set in different groups, opened through
    # their cdevs by two processes
    s = Seed([(0, 7, "devset", 0), (0, 8, "devset", 4)],
             [(0, 0, 0), (0, 0, 0)], seed=21)
    i = s.open(0, "iommu")
    d = s.open(0, ("dev", 0))
    j = s.open(1, "iommu")
    e = s.open(1, ("dev", 1))
    s.ioctl(0, d, "DEVICE_BIND_IOMMUFD", 0, fd=i)
    s.ioctl(1, e, "DEVICE_BIND_IOMMUFD", 0, fd=j)
    s.close(0, d)
    s.unregister(1)
    s.close(1, e)
    return s


SEEDS = [group_path, cdev_path, group_vs_cdev, open_vs_unregister,
         dup_and_double_close, bind_twice_fail_nth, container_no_group,
         kvm_group, noiommu, devset_two_groups]

if __name__ == "__main__":
    if len(sys.argv) != 2:
        sys.stderr.write("usage: make-seeds.py DIR\n")
        sys.exit(2)
    os.makedirs(sys.argv[1], exist_ok=True)
    for fn in SEEDS:
        with open(os.path.join(sys.argv[1], fn.__name__.replace("_", "-")),
                  "wb") as f:
            f.write(fn().b)
