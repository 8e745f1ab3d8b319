// The default gateway EUI from a MAC address, and the choice of interface.
// Reference: Semtech's Lora-net/packet_forwarder lora_pkt_fwd/update_gwid.sh builds the gateway ID as the
// MAC's first three bytes, "FFFE", and its last three (awk '{print $1$2$3}' "FFFE" '{print $4$5$6}'), the
// convention The Things Network and ChirpStack gateway guides follow: b8:27:eb:12:34:56 -> B827EBFFFE123456.
#include <gtest/gtest.h>
#include <unistd.h>

#include <fstream>

#include "config/gateway_eui.hpp"

namespace onechan::config {
namespace {

namespace fs = std::filesystem;

TEST(GatewayEui, FromARaspberryPiMac) {
  EXPECT_EQ(eui_from_mac({0xB8, 0x27, 0xEB, 0x12, 0x34, 0x56}).to_string(), "B827EBFFFE123456");
  EXPECT_EQ(eui_from_mac({0xDC, 0xA6, 0x32, 0x01, 0x02, 0x03}).to_string(), "DCA632FFFE010203");
}

TEST(GatewayEui, ParseMacAsSysfsWritesIt) {
  EXPECT_EQ(parse_mac("b8:27:eb:12:34:56"), (MacAddress{0xB8, 0x27, 0xEB, 0x12, 0x34, 0x56}));
  EXPECT_EQ(parse_mac("B8:27:EB:12:34:5F"), (MacAddress{0xB8, 0x27, 0xEB, 0x12, 0x34, 0x5F}));
  EXPECT_FALSE(parse_mac("b8:27:eb:12:34"));
  EXPECT_FALSE(parse_mac("b8-27-eb-12-34-56"));
  EXPECT_FALSE(parse_mac("b8:27:eb:12:34:5g"));
}

class FakeSysClassNet : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() / ("onechan-sysnet-test-" + std::to_string(::getpid()));
    fs::create_directories(dir_);
  }
  void TearDown() override { fs::remove_all(dir_); }
  void add(const std::string& name, int type, int ifindex, const std::string& mac, bool device) {
    const fs::path d = dir_ / name;
    fs::create_directories(d);
    std::ofstream(d / "type") << type << "\n";
    std::ofstream(d / "ifindex") << ifindex << "\n";
    std::ofstream(d / "address") << mac << "\n";
    if (device) fs::create_directories(d / "device");
  }
  fs::path dir_;
};

TEST_F(FakeSysClassNet, PhysicalInterfacesFirstThenByIndex) {
  add("lo", 772, 1, "00:00:00:00:00:00", false);
  add("ifb0", 1, 2, "0e:24:d4:91:b7:35", false);  // a virtual interface that comes first by index
  add("wlan0", 1, 4, "dc:a6:32:01:02:03", true);
  add("eth0", 1, 3, "b8:27:eb:12:34:56", true);
  add("dummy0", 1, 5, "00:00:00:00:00:00", false);  // no usable MAC
  const auto interfaces = mac_interfaces(dir_);
  ASSERT_EQ(interfaces.size(), 3U);
  EXPECT_EQ(interfaces[0].name, "eth0");
  EXPECT_EQ(interfaces[1].name, "wlan0");
  EXPECT_EQ(interfaces[2].name, "ifb0");

  Config config = default_sim_config();
  auto eui = resolve_gateway_eui(config, dir_);
  ASSERT_TRUE(eui.ok()) << eui.error().message;
  EXPECT_EQ(eui->eui.to_string(), "B827EBFFFE123456");
  EXPECT_EQ(eui->source, "the MAC address of eth0 (b8:27:eb:12:34:56)");

  config.gateway.eui = lorawan::Eui64{0x0102030405060708};
  eui = resolve_gateway_eui(config, dir_);
  ASSERT_TRUE(eui.ok());
  EXPECT_EQ(eui->eui.to_string(), "0102030405060708");
  EXPECT_EQ(eui->source, "gateway.eui");
}

TEST_F(FakeSysClassNet, NoMacMeansTheEuiMustBeSet) {
  add("lo", 772, 1, "00:00:00:00:00:00", false);
  auto eui = resolve_gateway_eui(default_sim_config(), dir_);
  ASSERT_FALSE(eui.ok());
  EXPECT_EQ(eui.error().code, "config_no_gateway_eui");
  EXPECT_NE(eui.error().message.find("gateway.eui: not set"), std::string::npos) << eui.error().message;
}

}  // namespace
}  // namespace onechan::config
