#include <gtest/gtest.h>

#include "sip/text.h"

TEST(Text, LowercasesAsciiOnly) {
  EXPECT_EQ(sip::toLower("SIP:Alice@Example.COM"), "sip:alice@example.com");
  EXPECT_EQ(sip::toLower("\xC3\x91"), "\xC3\x91");  // UTF-8 'Ñ' is left alone
}

TEST(Text, ComparesCaseInsensitively) {
  EXPECT_TRUE(sip::iequals("Call-ID", "call-id"));
  EXPECT_FALSE(sip::iequals("Call-ID", "call-i"));
  EXPECT_FALSE(sip::iequals("a", "b"));
}
