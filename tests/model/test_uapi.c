// SPDX-License-Identifier: GPL-2.0-only
/*
 * The model's uAPI header carries the ABI: the ioctl numbers and argument
 * layouts userspace (and the scenario language) uses must be the kernel's.
 * The expected values are the published ABI, written out by hand.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <uapi/linux/vfio.h>

static void test_uapi_ioctl_numbers(void **state)
{
	assert_int_equal(VFIO_GET_API_VERSION, 0x3b64);
	assert_int_equal(VFIO_CHECK_EXTENSION, 0x3b65);
	assert_int_equal(VFIO_SET_IOMMU, 0x3b66);
	assert_int_equal(VFIO_GROUP_GET_STATUS, 0x3b67);
	assert_int_equal(VFIO_GROUP_SET_CONTAINER, 0x3b68);
	assert_int_equal(VFIO_GROUP_UNSET_CONTAINER, 0x3b69);
	assert_int_equal(VFIO_GROUP_GET_DEVICE_FD, 0x3b6a);
	assert_int_equal(VFIO_DEVICE_GET_INFO, 0x3b6b);
	assert_int_equal(VFIO_DEVICE_RESET, 0x3b6f);
	assert_int_equal(VFIO_DEVICE_FEATURE, 0x3b75);
	assert_int_equal(VFIO_DEVICE_BIND_IOMMUFD, 0x3b76);
	assert_int_equal(VFIO_DEVICE_ATTACH_IOMMUFD_PT, 0x3b77);
	assert_int_equal(VFIO_DEVICE_DETACH_IOMMUFD_PT, 0x3b78);
	assert_int_equal(VFIO_IOMMU_MAP_DMA, 0x3b71);
}

static void test_uapi_layouts(void **state)
{
	assert_int_equal(sizeof(struct vfio_group_status), 8);
	assert_int_equal(sizeof(struct vfio_device_info), 24);
	assert_int_equal(sizeof(struct vfio_device_bind_iommufd), 16);
	assert_int_equal(offsetof(struct vfio_device_bind_iommufd, iommufd), 8);
	assert_int_equal(offsetof(struct vfio_device_bind_iommufd, out_devid),
			 12);
	assert_int_equal(sizeof(struct vfio_device_attach_iommufd_pt), 12);
	assert_int_equal(sizeof(struct vfio_device_detach_iommufd_pt), 8);
	assert_int_equal(sizeof(struct vfio_device_feature), 8);
	assert_int_equal(VFIO_TYPE1v2_IOMMU, 3);
	assert_int_equal(VFIO_NOIOMMU_IOMMU, 8);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_uapi_ioctl_numbers),
		cmocka_unit_test(test_uapi_layouts),
	};

	return cmocka_run_group_tests_name("model_uapi", tests, NULL, NULL);
}
