// The `onechan decode` / `onechan encode` contract of docs/cli.md, tested on the real binary: the JSON
// fields, the exit statuses (0 MIC ok, 1 MIC wrong, 2 malformed input, one line on stderr), hex and base64
// input. Frame vectors come from published sources named at each test.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>
#include <string>

#include "run_process.hpp"

namespace {

using nlohmann::json;
using onechan::test::onechan_binary;
using onechan::test::run_process;

// lora-packet's README example (npm lora-packet 0.9.3, Anthony Kirby): DevAddr 49BE7DF1, FCnt 2,
// FPort 1, payload "test".
const std::string kFrame = "40F17DBE4900020001954378762B11FF0D";
const std::string kFrameBase64 = "QPF9vkkAAgABlUN4disR/w0=";
const std::string kNwkSKey = "44024241ED4CE9A68C6A8BC055233FD3";
const std::string kAppSKey = "EC925802AE430CA77FD3DD73CB2CC588";

onechan::test::ProcessResult onechan(std::vector<std::string> args) {
  args.insert(args.begin(), onechan_binary());
  return run_process(args);
}

void expect_one_error_line(const onechan::test::ProcessResult& r, const std::string& must_contain) {
  EXPECT_EQ(r.exit_status, 2);
  EXPECT_TRUE(r.out.empty()) << r.out;
  ASSERT_FALSE(r.err.empty());
  EXPECT_EQ(r.err.find('\n'), r.err.size() - 1) << "exactly one line on stderr: " << r.err;
  EXPECT_NE(r.err.find(must_contain), std::string::npos) << r.err;
}

TEST(CliDecode, PublishedUplinkDecodesWithEveryDocumentedField) {
  const auto r = onechan({"decode", "--nwkskey", kNwkSKey, "--appskey", kAppSKey, kFrame});
  ASSERT_EQ(r.exit_status, 0) << r.err;
  const auto j = json::parse(r.out);
  EXPECT_EQ(j["mtype"], "UnconfirmedDataUp");
  EXPECT_EQ(j["devaddr"], "49BE7DF1");
  EXPECT_EQ(
      j["fctrl"],
      json({{"adr", false}, {"adr_ack_req", false}, {"ack", false}, {"class_b", false}, {"fopts_len", 0}}));
  EXPECT_EQ(j["fcnt"], 2);
  EXPECT_EQ(j["fport"], 1);
  EXPECT_EQ(j["fopts"], "");
  EXPECT_EQ(j["mac_commands"], json::array());
  EXPECT_EQ(j["mic"], "2B11FF0D");
  EXPECT_EQ(j["mic_ok"], true);
  EXPECT_EQ(j["payload"], "74657374");
}

TEST(CliDecode, Base64InputGivesTheSameAnswerAsHex) {
  const auto hex = onechan({"decode", "--nwkskey", kNwkSKey, "--appskey", kAppSKey, kFrame});
  const auto b64 = onechan({"decode", "--nwkskey", kNwkSKey, "--appskey", kAppSKey, kFrameBase64});
  ASSERT_EQ(b64.exit_status, 0) << b64.err;
  EXPECT_EQ(json::parse(hex.out), json::parse(b64.out));
}

TEST(CliDecode, WrongKeyExitsOneAndStillPrintsTheFrame) {
  const auto r =
      onechan({"decode", "--nwkskey", "00000000000000000000000000000000", "--appskey", kAppSKey, kFrame});
  EXPECT_EQ(r.exit_status, 1);
  const auto j = json::parse(r.out);
  EXPECT_EQ(j["mic_ok"], false);
  EXPECT_EQ(j["devaddr"], "49BE7DF1");
}

TEST(CliDecode, WithoutKeysTheFrameIsParsedAndNothingIsClaimed) {
  const auto r = onechan({"decode", kFrame});
  EXPECT_EQ(r.exit_status, 0) << r.err;
  const auto j = json::parse(r.out);
  EXPECT_TRUE(j["mic_ok"].is_null());
  EXPECT_EQ(j["payload"], "95437876");  // the FRMPayload as on air, still encrypted
}

TEST(CliDecode, FullCounterFromFcntMsbAndFromLastFcnt) {
  // Build a frame with a counter above 65535, then decode it both ways the CLI offers.
  const auto enc = onechan({"encode", "--nwkskey", kNwkSKey, "--appskey", kAppSKey, "--devaddr", "26011BDA",
                            "--fcnt", "70000", "--fport", "10", "0102"});
  ASSERT_EQ(enc.exit_status, 0) << enc.err;
  const std::string frame = enc.out.substr(0, enc.out.size() - 1);
  const auto by_msb =
      onechan({"decode", "--nwkskey", kNwkSKey, "--appskey", kAppSKey, "--fcnt-msb", "1", frame});
  EXPECT_EQ(by_msb.exit_status, 0) << by_msb.out;
  EXPECT_EQ(json::parse(by_msb.out)["fcnt"], 70000);
  EXPECT_EQ(json::parse(by_msb.out)["payload"], "0102");
  const auto by_last =
      onechan({"decode", "--nwkskey", kNwkSKey, "--appskey", kAppSKey, "--last-fcnt", "69990", frame});
  EXPECT_EQ(by_last.exit_status, 0);
  EXPECT_EQ(json::parse(by_last.out)["fcnt"], 70000);
  const auto no_msb = onechan({"decode", "--nwkskey", kNwkSKey, "--appskey", kAppSKey, frame});
  EXPECT_EQ(no_msb.exit_status, 1) << "the MIC covers all 32 bits; 4464 must not verify";
  EXPECT_EQ(json::parse(no_msb.out)["fcnt"], 70000 - 65536);
}

TEST(CliDecode, CayenneLppCodecAddsDecodedValues) {
  // myDevices Cayenne LPP documentation example: channel 3 temperature 27.2 C, channel 5 temperature 25.5 C.
  const auto enc = onechan({"encode", "--nwkskey", kNwkSKey, "--appskey", kAppSKey, "--devaddr", "26011BDA",
                            "--fcnt", "7", "--fport", "1", "03670110056700FF"});
  ASSERT_EQ(enc.exit_status, 0) << enc.err;
  const std::string frame = enc.out.substr(0, enc.out.size() - 1);
  const auto r =
      onechan({"decode", "--nwkskey", kNwkSKey, "--appskey", kAppSKey, "--codec", "cayenne-lpp", frame});
  ASSERT_EQ(r.exit_status, 0) << r.err;
  const auto j = json::parse(r.out);
  EXPECT_EQ(j["decoded"], json({{"temperature_3", 27.2}, {"temperature_5", 25.5}}));
  EXPECT_NE(r.out.find("\"temperature_3\":27.2"), std::string::npos)
      << "printed exactly, not 27.199999: " << r.out;

  // Not LPP (type 0xEE is unknown): the frame still decodes; the codec says why it could not.
  const auto bad = onechan({"encode", "--nwkskey", kNwkSKey, "--appskey", kAppSKey, "--devaddr", "26011BDA",
                            "--fcnt", "8", "--fport", "1", "01EE00"});
  const auto rb = onechan({"decode", "--nwkskey", kNwkSKey, "--appskey", kAppSKey, "--codec", "cayenne-lpp",
                           bad.out.substr(0, bad.out.size() - 1)});
  EXPECT_EQ(rb.exit_status, 0);
  const auto jb = json::parse(rb.out);
  EXPECT_TRUE(jb["decoded"].is_null());
  EXPECT_NE(jb["decode_error"].get<std::string>().find("offset"), std::string::npos) << jb.dump();

  expect_one_error_line(onechan({"decode", "--codec", "xml", frame}), "--codec");
}

TEST(CliDecode, MacCommandsInFOptsAreNamed) {
  // An uplink with LinkCheckReq (CID 0x02) and DevStatusAns (0x06: battery 0xFF, margin 5) in FOpts.
  const auto enc = onechan({"encode", "--nwkskey", kNwkSKey, "--appskey", kAppSKey, "--devaddr", "26011BDA",
                            "--fcnt", "1", "--fopts", "0206FF05", "--fport", "1", "AA"});
  ASSERT_EQ(enc.exit_status, 0) << enc.err;
  const auto r = onechan(
      {"decode", "--nwkskey", kNwkSKey, "--appskey", kAppSKey, enc.out.substr(0, enc.out.size() - 1)});
  ASSERT_EQ(r.exit_status, 0) << r.err;
  const auto j = json::parse(r.out);
  EXPECT_EQ(j["fopts"], "0206FF05");
  EXPECT_EQ(j["fctrl"]["fopts_len"], 4);
  ASSERT_GE(j["mac_commands"].size(), 2u) << j.dump();
  EXPECT_EQ(j["mac_commands"][0]["name"], "LinkCheckReq");
  EXPECT_EQ(j["mac_commands"][0]["cid"], 2);
  EXPECT_EQ(j["mac_commands"][1]["name"], "DevStatusAns");
}

TEST(CliDecode, JoinRequestWithAppKey) {
  // brocaar/lorawan (Go) TestPHYPayloadJoinRequest: valid with AppKey 01 x 16; JoinEUI 0102030405060708 and
  // DevEUI 0203040501020304 on air little-endian, DevNonce 0x102D.
  const auto r =
      onechan({"decode", "--appkey", "01010101010101010101010101010101", "AAQDAgEEAwIBBQQDAgUEAwItEGqZDhI="});
  ASSERT_EQ(r.exit_status, 0) << r.err << r.out;
  const auto j = json::parse(r.out);
  EXPECT_EQ(j["mtype"], "JoinRequest");
  EXPECT_EQ(j["join_eui"], "0102030401020304");
  EXPECT_EQ(j["dev_eui"], "0203040502030405");
  EXPECT_EQ(j["mic_ok"], true);
  const auto wrong =
      onechan({"decode", "--appkey", "01010101010101010101010101010102", "AAQDAgEEAwIBBQQDAgUEAwItEGqZDhI="});
  EXPECT_EQ(wrong.exit_status, 1);
}

TEST(CliDecode, JoinAcceptIsDecryptedWithAppKey) {
  // brocaar/lorawan TestPHYPayloadJoinAccept: AppKey 00112233445566778899AABBCCDDEEFF; AppNonce
  // {0x57,0x0B,0xC7}, NetID {0x22,0x11,0x01} and DevAddr {2,3,25,128}, all written most significant first.
  const auto r = onechan(
      {"decode", "--appkey", "00112233445566778899AABBCCDDEEFF", "20493eeb51fba2116f810edb3742975142"});
  ASSERT_EQ(r.exit_status, 0) << r.err << r.out;
  const auto j = json::parse(r.out);
  EXPECT_EQ(j["mtype"], "JoinAccept");
  EXPECT_EQ(j["join_nonce"], 0x570BC7);
  EXPECT_EQ(j["net_id"], 0x221101);
  EXPECT_EQ(j["devaddr"], "02031980");
  EXPECT_EQ(j["rx_delay"], 0);
  EXPECT_TRUE(j["cflist"].is_null());
  EXPECT_EQ(j["mic"], "43485BBC");
  EXPECT_EQ(j["mic_ok"], true);
  expect_one_error_line(onechan({"decode", "20493eeb51fba2116f810edb3742975142"}), "--appkey");
}

TEST(CliDecode, MalformedInputExitsTwoWithOneLine) {
  expect_one_error_line(onechan({"decode", "40F17DBE49"}), "12");  // shorter than 12 bytes
  expect_one_error_line(onechan({"decode", "not a frame!"}), "FRAME");
  expect_one_error_line(onechan({"decode", "--nwkskey", "1234", kFrame}), "--nwkskey");
  expect_one_error_line(onechan({"decode", "--nwkskey", "ZZ024241ED4CE9A68C6A8BC055233FD3", kFrame}),
                        "--nwkskey");
  expect_one_error_line(onechan({"decode", "--fcnt-msb", "70000", kFrame}), "fcnt-msb");
  expect_one_error_line(onechan({"decode", "--fcnt-msb", "1", "--last-fcnt", "5", kFrame}), "last-fcnt");
  expect_one_error_line(onechan({"decode"}), "FRAME");
  // FOptsLen 15 but only 2 bytes follow the FHDR.
  expect_one_error_line(onechan({"decode", "400102030485010001020304"}), "FOpts");
  // Major 1 is not LoRaWAN R1.
  expect_one_error_line(onechan({"decode", "41F17DBE4900020001954378762B11FF0D"}), "ajor");
}

TEST(CliDecode, KeysNeverAppearInErrorMessages) {
  const std::string almost_key = "44024241ED4CE9A68C6A8BC055233FDX";
  const auto r = onechan({"decode", "--nwkskey", almost_key, kFrame});
  EXPECT_EQ(r.exit_status, 2);
  EXPECT_EQ(r.err.find("44024241"), std::string::npos) << r.err;
}

TEST(CliEncode, ReproducesThePublishedFrame) {
  const auto r = onechan({"encode", "--nwkskey", kNwkSKey, "--appskey", kAppSKey, "--devaddr", "49BE7DF1",
                          "--fcnt", "2", "--fport", "1", "74657374"});
  ASSERT_EQ(r.exit_status, 0) << r.err;
  EXPECT_EQ(r.out, kFrame + "\n");
}

TEST(CliEncode, EveryFlagReachesTheFrame) {
  const auto r =
      onechan({"encode", "--nwkskey", kNwkSKey, "--appskey", kAppSKey, "--devaddr", "01020304", "--fcnt",
               "4294967295", "--fport", "223", "--confirmed", "--down", "--adr", "--ack", "00"});
  ASSERT_EQ(r.exit_status, 0) << r.err;
  const auto d = onechan({"decode", "--nwkskey", kNwkSKey, "--appskey", kAppSKey, "--fcnt-msb", "65535",
                          r.out.substr(0, r.out.size() - 1)});
  ASSERT_EQ(d.exit_status, 0) << d.out;
  const auto j = json::parse(d.out);
  EXPECT_EQ(j["mtype"], "ConfirmedDataDown");
  EXPECT_EQ(j["fctrl"]["adr"], true);
  EXPECT_EQ(j["fctrl"]["ack"], true);
  EXPECT_EQ(j["fcnt"], 4294967295u);
  EXPECT_EQ(j["fport"], 223);
  EXPECT_EQ(j["payload"], "00");
}

TEST(CliEncode, MalformedArgumentsExitTwoWithOneLine) {
  const std::vector<std::string> keys = {"encode", "--nwkskey", kNwkSKey, "--appskey", kAppSKey};
  auto with = [&](std::vector<std::string> more) {
    auto args = keys;
    args.insert(args.end(), more.begin(), more.end());
    return onechan(args);
  };
  expect_one_error_line(with({"--devaddr", "0102", "--fcnt", "1"}), "--devaddr");
  expect_one_error_line(with({"--devaddr", "01020304", "--fcnt", "4294967296"}), "fcnt");
  expect_one_error_line(with({"--devaddr", "01020304", "--fcnt", "1", "--fport", "225", "00"}), "fport");
  expect_one_error_line(with({"--devaddr", "01020304", "--fcnt", "1", "--fport", "0", "--fopts", "02", "00"}),
                        "FOpts");
  expect_one_error_line(with({"--devaddr", "01020304", "--fcnt", "1", "ABC"}), "PAYLOAD_HEX");
  expect_one_error_line(with({"--devaddr", "01020304", "--fcnt", "1", "AABB"}), "--fport");
  expect_one_error_line(
      with({"--devaddr", "01020304", "--fcnt", "1", "--fport", "1", std::string(2 * 243, 'A')}), "255");
  expect_one_error_line(with({"--devaddr", "01020304", "--fcnt", "1", "--fopts", std::string(32, '0')}),
                        "15");
}

}  // namespace
