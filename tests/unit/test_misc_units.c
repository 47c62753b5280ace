/* Sizes on the command line and in reports, against lvm2 2.03.16.
 *
 * Every expected value here was observed from lvm2 2.03.16(2) (Debian 12)
 * on the build host, on loop devices with `global { activation = 0 }`:
 *  - report output: VGs with 1 KiB and 4 MiB extents, LVs of the sizes in
 *    lvs_sectors (made with `lvcreate --type zero -L ...`, which needs no
 *    space), then for each spec
 *      lvs --noheadings -o lv_size --units SPEC [--nosuffix]
 *    and for zero `vgs -o vg_free` of a full VG;
 *  - parsing: `lvcreate -an -Zn -L TEXT` / `-l TEXT` (the accepted size
 *    read back with `lvs --units s`, refusals with lvm2's message).
 * On top of the observed tables, format_size() and parse_units_arg() are
 * compared with libdevmapper's dm_size_to_string() and
 * dm_units_to_factor(), the very functions lvm2's reports call. */
#include "unit.h"

#include <libdevmapper.h>

#include "misc/log.h"
#include "misc/strbuf.h"
#include "misc/units.h"

static char *err_text;
static size_t err_len;
static FILE *err;

static void open_log(void)
{
	err = open_memstream(&err_text, &err_len);
	log_set_streams(err, err);
}

static void close_log(void)
{
	log_set_streams(NULL, NULL);
	fclose(err);
	free(err_text);
	err_text = NULL;
}

static int setup(void **state)
{
	(void)state;
	log_init(0, 0);
	open_log();
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	close_log();
	return 0;
}

/* What was logged since the last call, then forget it. */
static char *take_log(void)
{
	char *s;

	fflush(err);
	s = strdup(err_text);
	close_log();
	open_log();
	return s;
}

static void assert_logged(const char *want)
{
	char *got = take_log();

	assert_string_equal(got, want);
	free(got);
}

/* ---- report output ------------------------------------------------- */

struct lvs_row {
	const char *spec;
	int nosuffix;
	const char *shown[24];
};

static const uint64_t lvs_sectors[] = {
	2, 4, 1998, 2000, 2046, 2048, 2050, 3072, 4184064, 2097150, 2097142, 204800, 2097152, 3145728, 20971520, 1953126, 10, 1000, 17592186044416, 2147483648, 3221225472, 35182224605184, 2145336164352, 34359738368,
};

static const struct lvs_row lvs_rows[] = {
	{"h", 0, {"1.00k", "2.00k", "999.00k", "1000.00k", "1023.00k", "1.00m", "1.00m", "1.50m", "2.00g", "1024.00m", "1024.00m", "100.00m", "1.00g", "1.50g", "10.00g", "953.67m", "5.00k", "500.00k", "8.00p", "1.00t", "1.50t", "16.00p", "999.00t", "16.00t"}},
	{"h", 1, {"1.00k", "2.00k", "999.00k", "1000.00k", "1023.00k", "1.00m", "1.00m", "1.50m", "2.00g", "1024.00m", "1024.00m", "100.00m", "1.00g", "1.50g", "10.00g", "953.67m", "5.00k", "500.00k", "8.00p", "1.00t", "1.50t", "16.00p", "999.00t", "16.00t"}},
	{"H", 0, {"1.02K", "2.05K", "1.02M", "1.02M", "1.05M", "1.05M", "1.05M", "1.57M", "2.14G", "1.07G", "1.07G", "104.86M", "1.07G", "1.61G", "10.74G", "1.00G", "5.12K", "512.00K", "9.01P", "1.10T", "1.65T", "18.01P", "1.10P", "17.59T"}},
	{"H", 1, {"1.02K", "2.05K", "1.02M", "1.02M", "1.05M", "1.05M", "1.05M", "1.57M", "2.14G", "1.07G", "1.07G", "104.86M", "1.07G", "1.61G", "10.74G", "1.00G", "5.12K", "512.00K", "9.01P", "1.10T", "1.65T", "18.01P", "1.10P", "17.59T"}},
	{"r", 0, {"1.00k", "2.00k", "999.00k", "1000.00k", "1023.00k", "1.00m", "1.00m", "1.50m", "<2.00g", "<1024.00m", "<1024.00m", "100.00m", "1.00g", "1.50g", "10.00g", "953.67m", "5.00k", "500.00k", "8.00p", "1.00t", "1.50t", "<16.00p", "999.00t", "16.00t"}},
	{"r", 1, {"1.00k", "2.00k", "999.00k", "1000.00k", "1023.00k", "1.00m", "1.00m", "1.50m", "<2.00g", "<1024.00m", "<1024.00m", "100.00m", "1.00g", "1.50g", "10.00g", "953.67m", "5.00k", "500.00k", "8.00p", "1.00t", "1.50t", "<16.00p", "999.00t", "16.00t"}},
	{"R", 0, {"1.02K", "<2.05K", "1.02M", "1.02M", "<1.05M", "<1.05M", "<1.05M", "1.57M", "2.14G", "1.07G", "1.07G", "<104.86M", "1.07G", "1.61G", "<10.74G", "1.00G", "5.12K", "512.00K", "<9.01P", "<1.10T", "<1.65T", "18.01P", "<1.10P", "17.59T"}},
	{"R", 1, {"1.02K", "<2.05K", "1.02M", "1.02M", "<1.05M", "<1.05M", "<1.05M", "1.57M", "2.14G", "1.07G", "1.07G", "<104.86M", "1.07G", "1.61G", "<10.74G", "1.00G", "5.12K", "512.00K", "<9.01P", "<1.10T", "<1.65T", "18.01P", "<1.10P", "17.59T"}},
	{"b", 0, {"1024B", "2048B", "1022976B", "1024000B", "1047552B", "1048576B", "1049600B", "1572864B", "2142240768B", "1073740800B", "1073736704B", "104857600B", "1073741824B", "1610612736B", "10737418240B", "1000000512B", "5120B", "512000B", "9007199254740992B", "1099511627776B", "1649267441664B", "18013298997854208B", "1098412116148224B", "17592186044416B"}},
	{"b", 1, {"1024", "2048", "1022976", "1024000", "1047552", "1048576", "1049600", "1572864", "2142240768", "1073740800", "1073736704", "104857600", "1073741824", "1610612736", "10737418240", "1000000512", "5120", "512000", "9007199254740992", "1099511627776", "1649267441664", "18013298997854208", "1098412116148224", "17592186044416"}},
	{"B", 0, {"1024B", "2048B", "1022976B", "1024000B", "1047552B", "1048576B", "1049600B", "1572864B", "2142240768B", "1073740800B", "1073736704B", "104857600B", "1073741824B", "1610612736B", "10737418240B", "1000000512B", "5120B", "512000B", "9007199254740992B", "1099511627776B", "1649267441664B", "18013298997854208B", "1098412116148224B", "17592186044416B"}},
	{"B", 1, {"1024", "2048", "1022976", "1024000", "1047552", "1048576", "1049600", "1572864", "2142240768", "1073740800", "1073736704", "104857600", "1073741824", "1610612736", "10737418240", "1000000512", "5120", "512000", "9007199254740992", "1099511627776", "1649267441664", "18013298997854208", "1098412116148224", "17592186044416"}},
	{"s", 0, {"2S", "4S", "1998S", "2000S", "2046S", "2048S", "2050S", "3072S", "4184064S", "2097150S", "2097142S", "204800S", "2097152S", "3145728S", "20971520S", "1953126S", "10S", "1000S", "17592186044416S", "2147483648S", "3221225472S", "35182224605184S", "2145336164352S", "34359738368S"}},
	{"s", 1, {"2", "4", "1998", "2000", "2046", "2048", "2050", "3072", "4184064", "2097150", "2097142", "204800", "2097152", "3145728", "20971520", "1953126", "10", "1000", "17592186044416", "2147483648", "3221225472", "35182224605184", "2145336164352", "34359738368"}},
	{"S", 0, {"2S", "4S", "1998S", "2000S", "2046S", "2048S", "2050S", "3072S", "4184064S", "2097150S", "2097142S", "204800S", "2097152S", "3145728S", "20971520S", "1953126S", "10S", "1000S", "17592186044416S", "2147483648S", "3221225472S", "35182224605184S", "2145336164352S", "34359738368S"}},
	{"S", 1, {"2", "4", "1998", "2000", "2046", "2048", "2050", "3072", "4184064", "2097150", "2097142", "204800", "2097152", "3145728", "20971520", "1953126", "10", "1000", "17592186044416", "2147483648", "3221225472", "35182224605184", "2145336164352", "34359738368"}},
	{"k", 0, {"1.00k", "2.00k", "999.00k", "1000.00k", "1023.00k", "1024.00k", "1025.00k", "1536.00k", "2092032.00k", "1048575.00k", "1048571.00k", "102400.00k", "1048576.00k", "1572864.00k", "10485760.00k", "976563.00k", "5.00k", "500.00k", "8796093022208.00k", "1073741824.00k", "1610612736.00k", "17591112302592.00k", "1072668082176.00k", "17179869184.00k"}},
	{"k", 1, {"1.00", "2.00", "999.00", "1000.00", "1023.00", "1024.00", "1025.00", "1536.00", "2092032.00", "1048575.00", "1048571.00", "102400.00", "1048576.00", "1572864.00", "10485760.00", "976563.00", "5.00", "500.00", "8796093022208.00", "1073741824.00", "1610612736.00", "17591112302592.00", "1072668082176.00", "17179869184.00"}},
	{"K", 0, {"1.02K", "2.05K", "1022.98K", "1024.00K", "1047.55K", "1048.58K", "1049.60K", "1572.86K", "2142240.77K", "1073740.80K", "1073736.70K", "104857.60K", "1073741.82K", "1610612.74K", "10737418.24K", "1000000.51K", "5.12K", "512.00K", "9007199254740.99K", "1099511627.78K", "1649267441.66K", "18013298997854.21K", "1098412116148.22K", "17592186044.42K"}},
	{"K", 1, {"1.02", "2.05", "1022.98", "1024.00", "1047.55", "1048.58", "1049.60", "1572.86", "2142240.77", "1073740.80", "1073736.70", "104857.60", "1073741.82", "1610612.74", "10737418.24", "1000000.51", "5.12", "512.00", "9007199254740.99", "1099511627.78", "1649267441.66", "18013298997854.21", "1098412116148.22", "17592186044.42"}},
	{"m", 0, {"0.00m", "0.00m", "0.98m", "0.98m", "1.00m", "1.00m", "1.00m", "1.50m", "2043.00m", "1024.00m", "1024.00m", "100.00m", "1024.00m", "1536.00m", "10240.00m", "953.67m", "0.00m", "0.49m", "8589934592.00m", "1048576.00m", "1572864.00m", "17178820608.00m", "1047527424.00m", "16777216.00m"}},
	{"m", 1, {"0.00", "0.00", "0.98", "0.98", "1.00", "1.00", "1.00", "1.50", "2043.00", "1024.00", "1024.00", "100.00", "1024.00", "1536.00", "10240.00", "953.67", "0.00", "0.49", "8589934592.00", "1048576.00", "1572864.00", "17178820608.00", "1047527424.00", "16777216.00"}},
	{"M", 0, {"0.00M", "0.00M", "1.02M", "1.02M", "1.05M", "1.05M", "1.05M", "1.57M", "2142.24M", "1073.74M", "1073.74M", "104.86M", "1073.74M", "1610.61M", "10737.42M", "1000.00M", "0.01M", "0.51M", "9007199254.74M", "1099511.63M", "1649267.44M", "18013298997.85M", "1098412116.15M", "17592186.04M"}},
	{"M", 1, {"0.00", "0.00", "1.02", "1.02", "1.05", "1.05", "1.05", "1.57", "2142.24", "1073.74", "1073.74", "104.86", "1073.74", "1610.61", "10737.42", "1000.00", "0.01", "0.51", "9007199254.74", "1099511.63", "1649267.44", "18013298997.85", "1098412116.15", "17592186.04"}},
	{"g", 0, {"0.00g", "0.00g", "0.00g", "0.00g", "0.00g", "0.00g", "0.00g", "0.00g", "2.00g", "1.00g", "1.00g", "0.10g", "1.00g", "1.50g", "10.00g", "0.93g", "0.00g", "0.00g", "8388608.00g", "1024.00g", "1536.00g", "16776192.00g", "1022976.00g", "16384.00g"}},
	{"g", 1, {"0.00", "0.00", "0.00", "0.00", "0.00", "0.00", "0.00", "0.00", "2.00", "1.00", "1.00", "0.10", "1.00", "1.50", "10.00", "0.93", "0.00", "0.00", "8388608.00", "1024.00", "1536.00", "16776192.00", "1022976.00", "16384.00"}},
	{"G", 0, {"0.00G", "0.00G", "0.00G", "0.00G", "0.00G", "0.00G", "0.00G", "0.00G", "2.14G", "1.07G", "1.07G", "0.10G", "1.07G", "1.61G", "10.74G", "1.00G", "0.00G", "0.00G", "9007199.25G", "1099.51G", "1649.27G", "18013299.00G", "1098412.12G", "17592.19G"}},
	{"G", 1, {"0.00", "0.00", "0.00", "0.00", "0.00", "0.00", "0.00", "0.00", "2.14", "1.07", "1.07", "0.10", "1.07", "1.61", "10.74", "1.00", "0.00", "0.00", "9007199.25", "1099.51", "1649.27", "18013299.00", "1098412.12", "17592.19"}},
	{"t", 0, {"0.00t", "0.00t", "0.00t", "0.00t", "0.00t", "0.00t", "0.00t", "0.00t", "0.00t", "0.00t", "0.00t", "0.00t", "0.00t", "0.00t", "0.01t", "0.00t", "0.00t", "0.00t", "8192.00t", "1.00t", "1.50t", "16383.00t", "999.00t", "16.00t"}},
	{"t", 1, {"0.00", "0.00", "0.00", "0.00", "0.00", "0.00", "0.00", "0.00", "0.00", "0.00", "0.00", "0.00", "0.00", "0.00", "0.01", "0.00", "0.00", "0.00", "8192.00", "1.00", "1.50", "16383.00", "999.00", "16.00"}},
	{"T", 0, {"0.00T", "0.00T", "0.00T", "0.00T", "0.00T", "0.00T", "0.00T", "0.00T", "0.00T", "0.00T", "0.00T", "0.00T", "0.00T", "0.00T", "0.01T", "0.00T", "0.00T", "0.00T", "9007.20T", "1.10T", "1.65T", "18013.30T", "1098.41T", "17.59T"}},
	{"T", 1, {"0.00", "0.00", "0.00", "0.00", "0.00", "0.00", "0.00", "0.00", "0.00", "0.00", "0.00", "0.00", "0.00", "0.00", "0.01", "0.00", "0.00", "0.00", "9007.20", "1.10", "1.65", "18013.30", "1098.41", "17.59"}},
	{"p", 0, {"0.00p", "0.00p", "0.00p", "0.00p", "0.00p", "0.00p", "0.00p", "0.00p", "0.00p", "0.00p", "0.00p", "0.00p", "0.00p", "0.00p", "0.00p", "0.00p", "0.00p", "0.00p", "8.00p", "0.00p", "0.00p", "16.00p", "0.98p", "0.02p"}},
	{"p", 1, {"0.00", "0.00", "0.00", "0.00", "0.00", "0.00", "0.00", "0.00", "0.00", "0.00", "0.00", "0.00", "0.00", "0.00", "0.00", "0.00", "0.00", "0.00", "8.00", "0.00", "0.00", "16.00", "0.98", "0.02"}},
	{"P", 0, {"0.00P", "0.00P", "0.00P", "0.00P", "0.00P", "0.00P", "0.00P", "0.00P", "0.00P", "0.00P", "0.00P", "0.00P", "0.00P", "0.00P", "0.00P", "0.00P", "0.00P", "0.00P", "9.01P", "0.00P", "0.00P", "18.01P", "1.10P", "0.02P"}},
	{"P", 1, {"0.00", "0.00", "0.00", "0.00", "0.00", "0.00", "0.00", "0.00", "0.00", "0.00", "0.00", "0.00", "0.00", "0.00", "0.00", "0.00", "0.00", "0.00", "9.01", "0.00", "0.00", "18.01", "1.10", "0.02"}},
	{"e", 0, {"0.00e", "0.00e", "0.00e", "0.00e", "0.00e", "0.00e", "0.00e", "0.00e", "0.00e", "0.00e", "0.00e", "0.00e", "0.00e", "0.00e", "0.00e", "0.00e", "0.00e", "0.00e", "0.01e", "0.00e", "0.00e", "0.02e", "0.00e", "0.00e"}},
	{"e", 1, {"0.00", "0.00", "0.00", "0.00", "0.00", "0.00", "0.00", "0.00", "0.00", "0.00", "0.00", "0.00", "0.00", "0.00", "0.00", "0.00", "0.00", "0.00", "0.01", "0.00", "0.00", "0.02", "0.00", "0.00"}},
	{"E", 0, {"0.00E", "0.00E", "0.00E", "0.00E", "0.00E", "0.00E", "0.00E", "0.00E", "0.00E", "0.00E", "0.00E", "0.00E", "0.00E", "0.00E", "0.00E", "0.00E", "0.00E", "0.00E", "0.01E", "0.00E", "0.00E", "0.02E", "0.00E", "0.00E"}},
	{"E", 1, {"0.00", "0.00", "0.00", "0.00", "0.00", "0.00", "0.00", "0.00", "0.00", "0.00", "0.00", "0.00", "0.00", "0.00", "0.00", "0.00", "0.00", "0.00", "0.01", "0.00", "0.00", "0.02", "0.00", "0.00"}},
	{"4k", 0, {"0.25U", "0.50U", "249.75U", "250.00U", "255.75U", "256.00U", "256.25U", "384.00U", "523008.00U", "262143.75U", "262142.75U", "25600.00U", "262144.00U", "393216.00U", "2621440.00U", "244140.75U", "1.25U", "125.00U", "2199023255552.00U", "268435456.00U", "402653184.00U", "4397778075648.00U", "268167020544.00U", "4294967296.00U"}},
	{"4k", 1, {"0.25", "0.50", "249.75", "250.00", "255.75", "256.00", "256.25", "384.00", "523008.00", "262143.75", "262142.75", "25600.00", "262144.00", "393216.00", "2621440.00", "244140.75", "1.25", "125.00", "2199023255552.00", "268435456.00", "402653184.00", "4397778075648.00", "268167020544.00", "4294967296.00"}},
	{"1.5k", 0, {"0.67k", "1.33k", "666.00k", "666.67k", "682.00k", "682.67k", "683.33k", "1024.00k", "1394688.00k", "699050.00k", "699047.33k", "68266.67k", "699050.67k", "1048576.00k", "6990506.67k", "651042.00k", "3.33k", "333.33k", "5864062014805.33k", "715827882.67k", "1073741824.00k", "11727408201728.00k", "715112054784.00k", "11453246122.67k"}},
	{"1.5k", 1, {"0.67", "1.33", "666.00", "666.67", "682.00", "682.67", "683.33", "1024.00", "1394688.00", "699050.00", "699047.33", "68266.67", "699050.67", "1048576.00", "6990506.67", "651042.00", "3.33", "333.33", "5864062014805.33", "715827882.67", "1073741824.00", "11727408201728.00", "715112054784.00", "11453246122.67"}},
	{"2s", 0, {"1.00U", "2.00U", "999.00U", "1000.00U", "1023.00U", "1024.00U", "1025.00U", "1536.00U", "2092032.00U", "1048575.00U", "1048571.00U", "102400.00U", "1048576.00U", "1572864.00U", "10485760.00U", "976563.00U", "5.00U", "500.00U", "8796093022208.00U", "1073741824.00U", "1610612736.00U", "17591112302592.00U", "1072668082176.00U", "17179869184.00U"}},
	{"2s", 1, {"1.00", "2.00", "999.00", "1000.00", "1023.00", "1024.00", "1025.00", "1536.00", "2092032.00", "1048575.00", "1048571.00", "102400.00", "1048576.00", "1572864.00", "10485760.00", "976563.00", "5.00", "500.00", "8796093022208.00", "1073741824.00", "1610612736.00", "17591112302592.00", "1072668082176.00", "17179869184.00"}},
	{"3b", 0, {"341.33U", "682.67U", "340992.00U", "341333.33U", "349184.00U", "349525.33U", "349866.67U", "524288.00U", "714080256.00U", "357913600.00U", "357912234.67U", "34952533.33U", "357913941.33U", "536870912.00U", "3579139413.33U", "333333504.00U", "1706.67U", "170666.67U", "3002399751580330.50U", "366503875925.33U", "549755813888.00U", "6004432999284736.00U", "366137372049408.00U", "5864062014805.33U"}},
	{"3b", 1, {"341.33", "682.67", "340992.00", "341333.33", "349184.00", "349525.33", "349866.67", "524288.00", "714080256.00", "357913600.00", "357912234.67", "34952533.33", "357913941.33", "536870912.00", "3579139413.33", "333333504.00", "1706.67", "170666.67", "3002399751580330.50", "366503875925.33", "549755813888.00", "6004432999284736.00", "366137372049408.00", "5864062014805.33"}},
	{"1k", 0, {"1.00k", "2.00k", "999.00k", "1000.00k", "1023.00k", "1024.00k", "1025.00k", "1536.00k", "2092032.00k", "1048575.00k", "1048571.00k", "102400.00k", "1048576.00k", "1572864.00k", "10485760.00k", "976563.00k", "5.00k", "500.00k", "8796093022208.00k", "1073741824.00k", "1610612736.00k", "17591112302592.00k", "1072668082176.00k", "17179869184.00k"}},
	{"1k", 1, {"1.00", "2.00", "999.00", "1000.00", "1023.00", "1024.00", "1025.00", "1536.00", "2092032.00", "1048575.00", "1048571.00", "102400.00", "1048576.00", "1572864.00", "10485760.00", "976563.00", "5.00", "500.00", "8796093022208.00", "1073741824.00", "1610612736.00", "17591112302592.00", "1072668082176.00", "17179869184.00"}},
	{"1m", 0, {"0.00m", "0.00m", "0.98m", "0.98m", "1.00m", "1.00m", "1.00m", "1.50m", "2043.00m", "1024.00m", "1024.00m", "100.00m", "1024.00m", "1536.00m", "10240.00m", "953.67m", "0.00m", "0.49m", "8589934592.00m", "1048576.00m", "1572864.00m", "17178820608.00m", "1047527424.00m", "16777216.00m"}},
	{"1m", 1, {"0.00", "0.00", "0.98", "0.98", "1.00", "1.00", "1.00", "1.50", "2043.00", "1024.00", "1024.00", "100.00", "1024.00", "1536.00", "10240.00", "953.67", "0.00", "0.49", "8589934592.00", "1048576.00", "1572864.00", "17178820608.00", "1047527424.00", "16777216.00"}},
	{"1h", 0, {"1.00k", "2.00k", "999.00k", "1000.00k", "1023.00k", "1.00m", "1.00m", "1.50m", "2.00g", "1024.00m", "1024.00m", "100.00m", "1.00g", "1.50g", "10.00g", "953.67m", "5.00k", "500.00k", "8.00p", "1.00t", "1.50t", "16.00p", "999.00t", "16.00t"}},
	{"1h", 1, {"1.00k", "2.00k", "999.00k", "1000.00k", "1023.00k", "1.00m", "1.00m", "1.50m", "2.00g", "1024.00m", "1024.00m", "100.00m", "1.00g", "1.50g", "10.00g", "953.67m", "5.00k", "500.00k", "8.00p", "1.00t", "1.50t", "16.00p", "999.00t", "16.00t"}},
	{"2r", 0, {"1.00k", "2.00k", "999.00k", "1000.00k", "1023.00k", "1.00m", "1.00m", "1.50m", "<2.00g", "<1024.00m", "<1024.00m", "100.00m", "1.00g", "1.50g", "10.00g", "953.67m", "5.00k", "500.00k", "8.00p", "1.00t", "1.50t", "<16.00p", "999.00t", "16.00t"}},
	{"2r", 1, {"1.00k", "2.00k", "999.00k", "1000.00k", "1023.00k", "1.00m", "1.00m", "1.50m", "<2.00g", "<1024.00m", "<1024.00m", "100.00m", "1.00g", "1.50g", "10.00g", "953.67m", "5.00k", "500.00k", "8.00p", "1.00t", "1.50t", "<16.00p", "999.00t", "16.00t"}},
	{"10m", 0, {"0.00U", "0.00U", "0.10U", "0.10U", "0.10U", "0.10U", "0.10U", "0.15U", "204.30U", "102.40U", "102.40U", "10.00U", "102.40U", "153.60U", "1024.00U", "95.37U", "0.00U", "0.05U", "858993459.20U", "104857.60U", "157286.40U", "1717882060.80U", "104752742.40U", "1677721.60U"}},
	{"10m", 1, {"0.00", "0.00", "0.10", "0.10", "0.10", "0.10", "0.10", "0.15", "204.30", "102.40", "102.40", "10.00", "102.40", "153.60", "1024.00", "95.37", "0.00", "0.05", "858993459.20", "104857.60", "157286.40", "1717882060.80", "104752742.40", "1677721.60"}},
	{"1.0m", 0, {"0.00m", "0.00m", "0.98m", "0.98m", "1.00m", "1.00m", "1.00m", "1.50m", "2043.00m", "1024.00m", "1024.00m", "100.00m", "1024.00m", "1536.00m", "10240.00m", "953.67m", "0.00m", "0.49m", "8589934592.00m", "1048576.00m", "1572864.00m", "17178820608.00m", "1047527424.00m", "16777216.00m"}},
	{"1.0m", 1, {"0.00", "0.00", "0.98", "0.98", "1.00", "1.00", "1.00", "1.50", "2043.00", "1024.00", "1024.00", "100.00", "1024.00", "1536.00", "10240.00", "953.67", "0.00", "0.49", "8589934592.00", "1048576.00", "1572864.00", "17178820608.00", "1047527424.00", "16777216.00"}},
};

static char *shown(uint64_t sectors, const char *spec, int nosuffix)
{
	struct strbuf sb = STRBUF_INIT;
	struct units u;

	assert_int_equal(parse_units_arg(spec, &u), 0);
	format_size(&sb, sectors, &u, nosuffix);
	return strbuf_detach(&sb, NULL);
}

static void test_lvs_table(void **state)
{
	size_t r, i;

	(void)state;
	for (r = 0; r < sizeof(lvs_rows) / sizeof(lvs_rows[0]); r++)
		for (i = 0; i < sizeof(lvs_sectors) / sizeof(lvs_sectors[0]); i++) {
			char *s = shown(lvs_sectors[i], lvs_rows[r].spec, lvs_rows[r].nosuffix);

			if (strcmp(s, lvs_rows[r].shown[i]))
				fail_msg("--units %s%s, %llu sectors: lvm2 \"%s\", got \"%s\"",
					 lvs_rows[r].spec, lvs_rows[r].nosuffix ? " --nosuffix" : "",
					 (unsigned long long)lvs_sectors[i], lvs_rows[r].shown[i], s);
			free(s);
		}
}

/* Zero, from `vgs -o vg_free` of a full VG: bare "0" plus the suffix, and
 * a blank for the human-readable forms (so --nosuffix drops it there too,
 * unlike non-zero human-readable sizes). */
static void test_zero(void **state)
{
	static const struct {
		const char *spec, *plain, *nosuffix;
	} zero[] = {
		{"r", "0 ", "0"},  {"R", "0 ", "0"},   {"h", "0 ", "0"},  {"H", "0 ", "0"},
		{"b", "0B", "0"},  {"B", "0B", "0"},   {"s", "0S", "0"},  {"S", "0S", "0"},
		{"k", "0k", "0"},  {"K", "0K", "0"},   {"m", "0m", "0"},  {"M", "0M", "0"},
		{"g", "0g", "0"},  {"G", "0G", "0"},   {"t", "0t", "0"},  {"T", "0T", "0"},
		{"p", "0p", "0"},  {"P", "0P", "0"},   {"e", "0e", "0"},  {"E", "0E", "0"},
		{"4k", "0U", "0"}, {"1.5k", "0k", "0"}, {"0.5k", "0U", "0"},
	};
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(zero) / sizeof(zero[0]); i++) {
		char *a = shown(0, zero[i].spec, 0), *b = shown(0, zero[i].spec, 1);

		assert_string_equal(a, zero[i].plain);
		assert_string_equal(b, zero[i].nosuffix);
		free(a);
		free(b);
	}
}

/* Seen in `pvs -o pv_size,dev_size,pe_start` of a 64 MiB loop device. */
static void test_pvs_values(void **state)
{
	static const struct {
		uint64_t sectors;
		const char *spec, *want;
	} pvs[] = {
		{129024, "r", "63.00m"},      {131072, "r", "64.00m"},
		{2048, "r", "1.00m"},	      {129024, "R", "66.06M"},
		{131072, "R", "<67.11M"},     {2048, "R", "<1.05M"},
		{131072, "H", "67.11M"},      {129024, "g", "0.06g"},
		{2048, "g", "0.00g"},	      {129024, "K", "66060.29K"},
		{131072, "0.5k", "131072.00U"}, {131072, "1.5k", "43690.67k"},
	};
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(pvs) / sizeof(pvs[0]); i++) {
		char *s = shown(pvs[i].sectors, pvs[i].spec, 0);

		assert_string_equal(s, pvs[i].want);
		free(s);
	}
}

/* Below one KiB the human forms fall back to bytes, with no decimals and
 * no '<' (libdevmapper's answer: lvm2 shows no such size by default). */
static void test_sub_kib_human(void **state)
{
	char *s;

	(void)state;
	s = shown(1, "h", 0);
	assert_string_equal(s, "512b");
	free(s);
	s = shown(1, "r", 1);
	assert_string_equal(s, "512b");
	free(s);
	s = shown(1, "H", 0);
	assert_string_equal(s, "512B");
	free(s);
	s = shown(2, "R", 0);
	assert_string_equal(s, "1.02K");
	free(s);
}

/* NULL units mean lvm2's default, 'r'. */
static void test_default_units(void **state)
{
	struct strbuf sb = STRBUF_INIT;
	struct units u;

	(void)state;
	units_default(&u);
	assert_int_equal(u.unit, 'r');
	assert_int_equal(u.bytes, 0);
	format_size(&sb, 4184064, NULL, 0);
	assert_string_equal(sb.buf, "<2.00g");
	strbuf_addch(&sb, '|');
	format_size(&sb, 8192, &u, 1);
	assert_string_equal(sb.buf, "<2.00g|4.00m");
	strbuf_release(&sb);
}

/* The long form, as lvm2's messages and vgdisplay/lvdisplay showed it. */
static void test_long_form(void **state)
{
	static const struct {
		uint64_t sectors;
		const char *spec, *want;
	} seen[] = {
		/* vgdisplay of a 15-extent VG with 4 MiB extents */
		{122880, "r", "60.00 MiB"},
		{8192, "r", "4.00 MiB"},
		{122880, "b", "62914560 B "},
		{8192, "b", "4194304 B "},
		{122880, "H", "62.91 MB"},
		{81920, "H", "41.94 MB"},
		/* lvcreate -l 101%VG: "Reducing 101%VG to remaining free space
		 * <100.00 GiB in VG." */
		{209707008, "r", "<100.00 GiB"},
		/* the rest from libdevmapper, DM_SIZE_SHORT */
		{0, "r", "0   "},
		{0, "m", "0 MiB"},
		{0, "b", "0 B "},
		{1, "h", "512 B"},
		{1, "H", "512 B "},
		{2, "K", "1.02 kB"},
		{7, "s", "7 Se"},
		{8, "4k", "1.00 Un"},
		{17592186044416ULL, "h", "8.00 PiB"},
	};
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(seen) / sizeof(seen[0]); i++) {
		struct strbuf sb = STRBUF_INIT;
		struct units u;

		assert_int_equal(parse_units_arg(seen[i].spec, &u), 0);
		format_size_long(&sb, seen[i].sectors, &u, 0);
		assert_string_equal(sb.buf, seen[i].want);
		strbuf_release(&sb);
	}
}

/* ---- --units --------------------------------------------------------- */

static void test_units_arg(void **state)
{
	static const struct {
		const char *text;
		char unit;
		uint64_t bytes;
	} ok[] = {
		{"h", 'h', 0},
		{"H", 'H', 0},
		{"r", 'r', 0},
		{"R", 'R', 0},
		{"b", 'b', 1},
		{"B", 'B', 1},
		{"s", 's', 512},
		{"S", 'S', 512},
		{"k", 'k', 1024},
		{"K", 'K', 1000},
		{"m", 'm', 1048576},
		{"M", 'M', 1000000},
		{"g", 'g', 1073741824},
		{"G", 'G', 1000000000},
		{"t", 't', 1099511627776ULL},
		{"T", 'T', 1000000000000ULL},
		{"p", 'p', 1125899906842624ULL},
		{"P", 'P', 1000000000000000ULL},
		{"e", 'e', 1152921504606846976ULL},
		{"E", 'E', 1000000000000000000ULL},
		{"4k", 'U', 4096},
		{"2s", 'U', 1024},
		{"3b", 'U', 3},
		{"1k", 'k', 1024},
		{"1.0m", 'm', 1048576},
		{"1.5k", 'k', 1536}, /* lvm2 keeps the letter when the integer part is 1 */
		{"0.5k", 'U', 512},
		{"10m", 'U', 10485760},
		{"1e3k", 'k', 1024000}, /* strtoull reads "1", strtod 1000 */
		{"2h", 'h', 0},
		{"0h", 'h', 0},
		{"2.5r", 'r', 0},
		{"15e", 'U', 15ULL << 60},
	};
	static const char *const bad[] = {
		"", "x", "kk", "0k", "00k", "4", "1.5", "-1k", " k", "k ", "1x", "k1", "U", "u",
		"0.5h", "16e", "100000e", "99999999999999999999k", "1e400k", ".5k",
	};
	struct units u;
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(ok) / sizeof(ok[0]); i++) {
		memset(&u, 0, sizeof(u));
		if (parse_units_arg(ok[i].text, &u))
			fail_msg("--units %s refused", ok[i].text);
		assert_int_equal(u.unit, ok[i].unit);
		assert_int_equal(u.bytes, ok[i].bytes);
	}
	assert_logged("");
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		char want[128];

		if (!parse_units_arg(bad[i], &u))
			fail_msg("--units '%s' accepted", bad[i]);
		snprintf(want, sizeof(want), "  Invalid units specification: %s\n", bad[i]);
		assert_logged(want);
	}
}

/* ---- the reference implementation ------------------------------------- */

static uint64_t next_random(uint64_t *x)
{
	*x ^= *x << 13;
	*x ^= *x >> 7;
	*x ^= *x << 17;
	return *x;
}

/* A size likely to sit on a rounding edge: near powers of two, near
 * multiples of every unit, and plain random values below 16 EiB. */
static uint64_t tricky_size(uint64_t *x, long k)
{
	static const uint64_t steps[] = {2, 2048, 2097152, 2147483648ULL, 1000, 1953125, 1953125000};
	uint64_t r = next_random(x);

	switch (k % 5) {
	case 0:
		return (uint64_t)k / 5;
	case 1:
		return ((1ULL << (r % 55)) + (next_random(x) % 5) - 2) & ((1ULL << 55) - 1);
	case 2:
		return steps[r % 7] * (next_random(x) % 3000) + (next_random(x) % 7);
	case 3:
		return (r % 100000) * 2048 / 1000 + next_random(x) % 3;
	default:
		return (r >> (next_random(x) % 64)) & ((1ULL << 55) - 1);
	}
}

static void test_against_libdevmapper(void **state)
{
	static const char *const specs[] = {
		"h", "H", "r", "R", "b", "B", "s", "S", "k", "K", "m", "M", "g", "G", "t",
		"T", "p", "P", "e", "E", "4k", "1.5k", "0.5k", "2s", "3b", "10m", "7E", "1e3k",
		"0x10k", "3.3333s", "2h", "kk", "", "0k", "U", "16e", "100000e", ".5k", "0.5h",
	};
	struct dm_pool *mem = dm_pool_create("test_misc_units", 4096);
	uint64_t x = 0x2545f4914f6cdd1dULL;
	size_t i;

	(void)state;
	assert_non_null(mem);
	for (i = 0; i < sizeof(specs) / sizeof(specs[0]); i++) {
		char type = 0;
		uint64_t factor = dm_units_to_factor(specs[i], &type, 1, NULL);
		struct units u;
		int ours = parse_units_arg(specs[i], &u);
		long k;

		free(take_log());
		assert_int_equal(ours == 0, factor != 0);
		if (ours)
			continue;
		assert_int_equal(u.unit, type);
		if (u.bytes)
			assert_int_equal(u.bytes, factor);

		for (k = 0; k < 20000; k++) {
			uint64_t sectors = tricky_size(&x, k);
			int nosuffix;

			for (nosuffix = 0; nosuffix < 4; nosuffix++) {
				/* 0, 1: the report form; 2, 3: the long form. */
				int lf = nosuffix >= 2, ns = nosuffix & 1;
				const char *ref = dm_size_to_string(mem, sectors, type, 1, factor,
								    !ns, lf ? DM_SIZE_SHORT : DM_SIZE_UNIT);
				struct strbuf sb = STRBUF_INIT;

				if (lf)
					format_size_long(&sb, sectors, &u, ns);
				else
					format_size(&sb, sectors, &u, ns);
				if (strcmp(ref, sb.buf))
					fail_msg("--units %s%s%s, %llu sectors: libdevmapper \"%s\", "
						 "got \"%s\"",
						 specs[i], ns ? " --nosuffix" : "", lf ? " (long)" : "",
						 (unsigned long long)sectors, ref, sb.buf);
				strbuf_release(&sb);
			}
			if (k % 512 == 0)
				dm_pool_empty(mem);
		}
		dm_pool_empty(mem);
	}
	dm_pool_destroy(mem);
}

/* ---- -L/--size ----------------------------------------------------------- */

struct size_case {
	const char *text;
	char default_unit;
	int rule;
	enum sign sign;
	uint64_t sectors;
};

static void test_size_arg(void **state)
{
	/* Accepted by lvcreate -L (sizes read back with lvs --units s, on a
	 * VG with 1 KiB extents for the small ones). */
	static const struct size_case ok[] = {
		{"100", 'm', 0, SIGN_NONE, 204800},
		{"100m", 'm', 0, SIGN_NONE, 204800},
		{"100M", 'm', 0, SIGN_NONE, 204800},
		{"100MB", 'm', 0, SIGN_NONE, 204800},
		{"100MiB", 'm', 0, SIGN_NONE, 204800},
		{"100mib", 'm', 0, SIGN_NONE, 204800},
		{"100mb", 'm', 0, SIGN_NONE, 204800},
		{"1.5g", 'm', 0, SIGN_NONE, 3145728},
		{"1.5G", 'm', 0, SIGN_NONE, 3145728},
		{".5g", 'm', 0, SIGN_NONE, 1048576},
		{"1.", 'm', 0, SIGN_NONE, 2048},
		{"1.m", 'm', 0, SIGN_NONE, 2048},
		{"1e2m", 'm', 0, SIGN_NONE, 204800},
		{"0x10m", 'm', 0, SIGN_NONE, 32768},
		{"010m", 'm', 0, SIGN_NONE, 20480},
		{"1.5", 'm', 0, SIGN_NONE, 3072},
		{"0.001", 'm', 0, SIGN_NONE, 2},
		/* Fractions of a sector are dropped. */
		{"1.3k", 'm', 0, SIGN_NONE, 2},
		{"1.9k", 'm', 0, SIGN_NONE, 3},
		{"0.9999k", 'm', 0, SIGN_NONE, 1},
		{"2.9s", 'm', 0, SIGN_NONE, 2},
		{"0.1s", 'm', 0, SIGN_NONE, 0},
		{"1e-5m", 'm', 0, SIGN_NONE, 0},
		{"0", 'm', 0, SIGN_NONE, 0},
		{"20s", 'm', 0, SIGN_NONE, 20},
		{"2048S", 'm', 0, SIGN_NONE, 2048},
		{"512b", 'm', 0, SIGN_NONE, 1},
		{"4096B", 'm', 0, SIGN_NONE, 8},
		{"4k", 'm', 0, SIGN_NONE, 8},
		{"1t", 'm', 0, SIGN_NONE, 2147483648ULL},
		{"8p", 'm', 0, SIGN_NONE, 17592186044416ULL},
		{"15.9e", 'm', 0, SIGN_NONE, 35803617037595444ULL},
		{"9007199254740991s", 'm', 0, SIGN_NONE, 9007199254740991ULL},
		/* The limit is checked in floating point, as lvm2 does: the
		 * largest double below 2^55 sectors (16 EiB). */
		{"36028797018963964", 's', 0, SIGN_NONE, 36028797018963964ULL},
		/* Other default units: k for most size options, s for
		 * read-ahead. */
		{"64", 'k', 0, SIGN_NONE, 128},
		{"64", 's', 0, SIGN_NONE, 64},
		{"64", 'g', 0, SIGN_NONE, 134217728},
		{"1024", 'b', 0, SIGN_NONE, 2},
		/* Signs, where the rule allows them. */
		{"+10m", 'm', SIGN_RULE_ANY, SIGN_PLUS, 20480},
		{"-10m", 'm', SIGN_RULE_ANY, SIGN_MINUS, 20480},
		{"+10m", 'm', SIGN_RULE_NOT_NEGATIVE, SIGN_PLUS, 20480},
		{"-10m", 'm', SIGN_RULE_NOT_POSITIVE, SIGN_MINUS, 20480},
		{"+0", 'm', SIGN_RULE_ANY, SIGN_PLUS, 0},
		{"10", 'm', SIGN_RULE_NOT_POSITIVE, SIGN_NONE, 20480},
	};
	struct size_arg a;
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(ok) / sizeof(ok[0]); i++) {
		memset(&a, 0xff, sizeof(a));
		if (parse_size_arg(ok[i].text, ok[i].default_unit, ok[i].rule, "--size", &a))
			fail_msg("-L %s refused", ok[i].text);
		if (a.sectors != ok[i].sectors || a.sign != ok[i].sign)
			fail_msg("-L %s: %llu sectors sign %d, want %llu sign %d", ok[i].text,
				 (unsigned long long)a.sectors, a.sign,
				 (unsigned long long)ok[i].sectors, ok[i].sign);
	}
	assert_logged("");
}

static void test_size_arg_refused(void **state)
{
	static const struct {
		const char *text;
		int rule;
		const char *message;
	} bad[] = {
		/* lvm2: "Size requires number argument." */
		{"", 0, "  Invalid argument for --size:  (a size starts with a number)\n"},
		{"+", 1, "  Invalid argument for --size: + (a size starts with a number)\n"},
		{"-", 1, "  Invalid argument for --size: - (a size starts with a number)\n"},
		{" 10m", 0, "  Invalid argument for --size:  10m (a size starts with a number)\n"},
		{"nan", 0, "  Invalid argument for --size: nan (a size starts with a number)\n"},
		{"inf", 0, "  Invalid argument for --size: inf (a size starts with a number)\n"},
		{"m", 0, "  Invalid argument for --size: m (a size starts with a number)\n"},
		/* lvm2: "Multiple sign symbols detected." */
		{"++1", 1, "  Invalid argument for --size: ++1 (multiple sign symbols)\n"},
		{"+-1", 1, "  Invalid argument for --size: +-1 (multiple sign symbols)\n"},
		/* lvm2: "Can't parse size argument at '.'." */
		{".", 0, "  Invalid argument for --size: . (not a number)\n"},
		{"1e400", 0, "  Invalid argument for --size: 1e400 (number out of range)\n"},
		{"1e-400", 0, "  Invalid argument for --size: 1e-400 (number out of range)\n"},
		/* lvm2: "Can't parse size argument." */
		{"100x", 0, "  Invalid argument for --size: 100x (unknown unit 'x')\n"},
		{"1,5g", 0, "  Invalid argument for --size: 1,5g (unknown unit ',')\n"},
		{"10%FREE", 0, "  Invalid argument for --size: 10%FREE (unknown unit '%')\n"},
		/* lvm2 takes these (it ignores what follows the unit letter);
		 * refused here rather than guessed at. */
		{"100Mx", 0, "  Invalid argument for --size: 100Mx (unexpected text after the unit)\n"},
		{"10m ", 0, "  Invalid argument for --size: 10m  (unexpected text after the unit)\n"},
		{"10sB", 0, "  Invalid argument for --size: 10sB (unexpected text after the unit)\n"},
		{"512bb", 0, "  Invalid argument for --size: 512bb (unexpected text after the unit)\n"},
		{"1MiBs", 0, "  Invalid argument for --size: 1MiBs (unexpected text after the unit)\n"},
		/* lvm2: "Size is not a multiple of 512. Try using 512 or 1024." */
		{"1000b", 0,
		 "  Invalid argument for --size: 1000b (size is not a multiple of 512 bytes; "
		 "try 512 or 1024)\n"},
		{"100b", 0,
		 "  Invalid argument for --size: 100b (size is not a multiple of 512 bytes; "
		 "try 0 or 512)\n"},
		/* lvm2: "Size is too big (>=16EiB)." */
		{"16e", 0, "  Invalid argument for --size: 16e (size is too big: >= 16 EiB)\n"},
		{"100e", 0, "  Invalid argument for --size: 100e (size is too big: >= 16 EiB)\n"},
		{"1e30", 0, "  Invalid argument for --size: 1e30 (size is too big: >= 16 EiB)\n"},
		{"18446744073709551615", 0,
		 "  Invalid argument for --size: 18446744073709551615 (size is too big: >= 16 EiB)\n"},
		{"36028797018963968s", 0,
		 "  Invalid argument for --size: 36028797018963968s (size is too big: >= 16 EiB)\n"},
		{"36028797018963967s", 0,
		 "  Invalid argument for --size: 36028797018963967s (size is too big: >= 16 EiB)\n"},
		{"1e30b", 0, "  Invalid argument for --size: 1e30b (size is too big: >= 16 EiB)\n"},
		{"18446744073709551616b", 0,
		 "  Invalid argument for --size: 18446744073709551616b (size is too big: >= 16 "
		 "EiB)\n"},
		/* Sign rules, in lvm2's words. */
		{"+10m", SIGN_RULE_NONE,
		 "  Invalid argument for --size: +10m (size may not be relative/signed)\n"},
		{"-10m", SIGN_RULE_NONE,
		 "  Invalid argument for --size: -10m (size may not be relative/signed)\n"},
		{"-10m", SIGN_RULE_NOT_NEGATIVE,
		 "  Invalid argument for --size: -10m (size may not be negative)\n"},
		{"+10m", SIGN_RULE_NOT_POSITIVE,
		 "  Invalid argument for --size: +10m (size may not be positive)\n"},
	};
	struct size_arg a = {SIGN_NONE, 12345};
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		if (!parse_size_arg(bad[i].text, 'm', bad[i].rule, "--size", &a))
			fail_msg("-L '%s' accepted", bad[i].text);
		assert_logged(bad[i].message);
	}
	/* Nothing is written on failure. */
	assert_int_equal(a.sectors, 12345);

	/* Without a name the message still says what it was. */
	assert_int_equal(parse_size_arg("x", 'm', 0, NULL, &a), -1);
	assert_logged("  Invalid argument for size: x (a size starts with a number)\n");
}

/* ---- -l/--extents -------------------------------------------------------- */

static void test_extents_arg(void **state)
{
	static const struct {
		const char *text;
		int rule;
		enum sign sign;
		uint64_t count;
		enum percent_base base;
	} ok[] = {
		{"10", 0, SIGN_NONE, 10, PERCENT_NONE},
		{"010", 0, SIGN_NONE, 10, PERCENT_NONE},
		{"0", 0, SIGN_NONE, 0, PERCENT_NONE},
		{"+10", SIGN_RULE_NOT_NEGATIVE, SIGN_PLUS, 10, PERCENT_NONE},
		{"-10", SIGN_RULE_ANY, SIGN_MINUS, 10, PERCENT_NONE},
		{"18446744073709551615", 0, SIGN_NONE, UINT64_MAX, PERCENT_NONE},
		{"10%VG", 0, SIGN_NONE, 10, PERCENT_VG},
		{"10%vg", 0, SIGN_NONE, 10, PERCENT_VG},
		{"10%V", 0, SIGN_NONE, 10, PERCENT_VG},
		{"10%v", 0, SIGN_NONE, 10, PERCENT_VG},
		{"50%FREE", 0, SIGN_NONE, 50, PERCENT_FREE},
		{"50%free", 0, SIGN_NONE, 50, PERCENT_FREE},
		{"50%F", 0, SIGN_NONE, 50, PERCENT_FREE},
		{"50%FR", 0, SIGN_NONE, 50, PERCENT_FREE},
		{"150%FREE", 0, SIGN_NONE, 150, PERCENT_FREE},
		{"200%VG", 0, SIGN_NONE, 200, PERCENT_VG},
		{"0%FREE", 0, SIGN_NONE, 0, PERCENT_FREE},
		{"10%PVS", 0, SIGN_NONE, 10, PERCENT_PVS},
		{"10%PV", 0, SIGN_NONE, 10, PERCENT_PVS},
		{"10%P", 0, SIGN_NONE, 10, PERCENT_PVS},
		{"100%ORIGIN", 0, SIGN_NONE, 100, PERCENT_ORIGIN},
		{"100%or", 0, SIGN_NONE, 100, PERCENT_ORIGIN},
		{"100%O", 0, SIGN_NONE, 100, PERCENT_ORIGIN},
		{"10%LV", 0, SIGN_NONE, 10, PERCENT_LV},
		{"10%l", 0, SIGN_NONE, 10, PERCENT_LV},
		{"+20%LV", SIGN_RULE_ANY, SIGN_PLUS, 20, PERCENT_LV},
		{"4294967294%FREE", 0, SIGN_NONE, 4294967294U, PERCENT_FREE},
	};
	struct extents_arg e;
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(ok) / sizeof(ok[0]); i++) {
		memset(&e, 0xff, sizeof(e));
		if (parse_extents_arg(ok[i].text, ok[i].rule, "--extents", &e))
			fail_msg("-l %s refused", ok[i].text);
		assert_int_equal(e.sign, ok[i].sign);
		assert_int_equal(e.count, ok[i].count);
		assert_int_equal(e.base, ok[i].base);
	}
	assert_logged("");
}

static void test_extents_arg_refused(void **state)
{
	static const struct {
		const char *text;
		int rule;
		const char *message;
	} bad[] = {
		{"", 1, "  Invalid argument for --extents:  (a number is required)\n"},
		{"+", 1, "  Invalid argument for --extents: + (a number is required)\n"},
		{"%FREE", 1, "  Invalid argument for --extents: %FREE (a number is required)\n"},
		{"+-1", 1, "  Invalid argument for --extents: +-1 (a number is required)\n"},
		{" 1", 1, "  Invalid argument for --extents:  1 (a number is required)\n"},
		{"1.5", 1, "  Invalid argument for --extents: 1.5 (unexpected text after the number)\n"},
		{"10x", 1, "  Invalid argument for --extents: 10x (unexpected text after the number)\n"},
		{"10 ", 1, "  Invalid argument for --extents: 10  (unexpected text after the number)\n"},
		{"0x10", 1, "  Invalid argument for --extents: 0x10 (unexpected text after the number)\n"},
		{"10m", 1, "  Invalid argument for --extents: 10m (unexpected text after the number)\n"},
		{"18446744073709551616", 1,
		 "  Invalid argument for --extents: 18446744073709551616 (number out of range)\n"},
		{"99999999999999999999%FREE", 1,
		 "  Invalid argument for --extents: 99999999999999999999%FREE (number out of range)\n"},
		/* lvm2: "Specified %FRE is unknown." */
		{"50%FRE", 1,
		 "  Invalid argument for --extents: 50%FRE (unknown %FRE: use %VG, %FREE, %PVS, "
		 "%ORIGIN or %LV)\n"},
		{"50%", 1,
		 "  Invalid argument for --extents: 50% (unknown %: use %VG, %FREE, %PVS, %ORIGIN "
		 "or %LV)\n"},
		{"50%X", 1,
		 "  Invalid argument for --extents: 50%X (unknown %X: use %VG, %FREE, %PVS, "
		 "%ORIGIN or %LV)\n"},
		{"50%FREE ", 1,
		 "  Invalid argument for --extents: 50%FREE  (unknown %FREE : use %VG, %FREE, "
		 "%PVS, %ORIGIN or %LV)\n"},
		/* lvm2: "Percentage is too big (>=-1%)." */
		{"4294967295%FREE", 1,
		 "  Invalid argument for --extents: 4294967295%FREE (percentage is too big)\n"},
		/* lvm2: "Extents may not be negative." and friends. */
		{"+10", SIGN_RULE_NONE,
		 "  Invalid argument for --extents: +10 (extents may not be relative/signed)\n"},
		{"-10", SIGN_RULE_NOT_NEGATIVE,
		 "  Invalid argument for --extents: -10 (extents may not be negative)\n"},
		{"+10%FREE", SIGN_RULE_NOT_POSITIVE,
		 "  Invalid argument for --extents: +10%FREE (extents may not be positive)\n"},
	};
	struct extents_arg e = {SIGN_NONE, 777, PERCENT_NONE};
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		if (!parse_extents_arg(bad[i].text, bad[i].rule, "--extents", &e))
			fail_msg("-l '%s' accepted", bad[i].text);
		assert_logged(bad[i].message);
	}
	assert_int_equal(e.count, 777);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_lvs_table, setup, teardown),
		cmocka_unit_test_setup_teardown(test_zero, setup, teardown),
		cmocka_unit_test_setup_teardown(test_pvs_values, setup, teardown),
		cmocka_unit_test_setup_teardown(test_sub_kib_human, setup, teardown),
		cmocka_unit_test_setup_teardown(test_default_units, setup, teardown),
		cmocka_unit_test_setup_teardown(test_long_form, setup, teardown),
		cmocka_unit_test_setup_teardown(test_units_arg, setup, teardown),
		cmocka_unit_test_setup_teardown(test_against_libdevmapper, setup, teardown),
		cmocka_unit_test_setup_teardown(test_size_arg, setup, teardown),
		cmocka_unit_test_setup_teardown(test_size_arg_refused, setup, teardown),
		cmocka_unit_test_setup_teardown(test_extents_arg, setup, teardown),
		cmocka_unit_test_setup_teardown(test_extents_arg_refused, setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
