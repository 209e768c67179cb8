//! Ethnic groups, GB/T 3304: the 56 groups, 97 其他 and 98 外国血统中国籍人士.

use serde::{Deserialize, Serialize};
use specta::Type;

/// (code, Chinese name as printed on the card, romanized name from GB/T 3304)
const TABLE: [(u8, &str, &str); 58] = [
    (1, "汉", "Han"),
    (2, "蒙古", "Mongol"),
    (3, "回", "Hui"),
    (4, "藏", "Zang"),
    (5, "维吾尔", "Uygur"),
    (6, "苗", "Miao"),
    (7, "彝", "Yi"),
    (8, "壮", "Zhuang"),
    (9, "布依", "Buyei"),
    (10, "朝鲜", "Chosen"),
    (11, "满", "Man"),
    (12, "侗", "Dong"),
    (13, "瑶", "Yao"),
    (14, "白", "Bai"),
    (15, "土家", "Tujia"),
    (16, "哈尼", "Hani"),
    (17, "哈萨克", "Kazak"),
    (18, "傣", "Dai"),
    (19, "黎", "Li"),
    (20, "傈僳", "Lisu"),
    (21, "佤", "Va"),
    (22, "畲", "She"),
    (23, "高山", "Gaoshan"),
    (24, "拉祜", "Lahu"),
    (25, "水", "Sui"),
    (26, "东乡", "Dongxiang"),
    (27, "纳西", "Naxi"),
    (28, "景颇", "Jingpo"),
    (29, "柯尔克孜", "Kirgiz"),
    (30, "土", "Tu"),
    (31, "达斡尔", "Daur"),
    (32, "仫佬", "Mulao"),
    (33, "羌", "Qiang"),
    (34, "布朗", "Blang"),
    (35, "撒拉", "Salar"),
    (36, "毛南", "Maonan"),
    (37, "仡佬", "Gelao"),
    (38, "锡伯", "Xibe"),
    (39, "阿昌", "Achang"),
    (40, "普米", "Pumi"),
    (41, "塔吉克", "Tajik"),
    (42, "怒", "Nu"),
    (43, "乌孜别克", "Uzbek"),
    (44, "俄罗斯", "Russ"),
    (45, "鄂温克", "Ewenki"),
    (46, "德昂", "Deang"),
    (47, "保安", "Bonan"),
    (48, "裕固", "Yugur"),
    (49, "京", "Gin"),
    (50, "塔塔尔", "Tatar"),
    (51, "独龙", "Derung"),
    (52, "鄂伦春", "Oroqen"),
    (53, "赫哲", "Hezhen"),
    (54, "门巴", "Monba"),
    (55, "珞巴", "Lhoba"),
    (56, "基诺", "Jino"),
    (97, "其他", "Other"),
    (
        98,
        "外国血统中国籍人士",
        "Chinese citizen of foreign origin",
    ),
];

/// A GB/T 3304 ethnic group. Only codes in the table can be built.
#[derive(Clone, Copy, PartialEq, Eq, Hash, Debug, Serialize, Deserialize, Type)]
#[serde(try_from = "NationWire", into = "NationWire")]
#[specta(type = NationWire)]
pub struct Nation(u8);

/// How a [`Nation`] crosses to the UI: the code and the names, so the screen needs no table.
#[derive(Clone, Debug, Serialize, Deserialize, Type)]
pub struct NationWire {
    /// GB/T 3304 numeric code (1–56, 97, 98).
    pub code: u8,
    /// Chinese name as printed on the card (`汉`). Ignored when deserializing.
    #[serde(default)]
    pub name_zh: String,
    /// Romanized name (`Han`). Ignored when deserializing.
    #[serde(default)]
    pub name_en: String,
}

/// The code is not in GB/T 3304.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
#[error("{0} is not a GB/T 3304 nation code")]
pub struct UnknownNation(pub u8);

impl Nation {
    /// 汉.
    pub const HAN: Nation = Nation(1);

    /// The group with this code, if the table has it.
    pub fn from_code(code: u8) -> Option<Self> {
        TABLE
            .iter()
            .any(|(c, _, _)| *c == code)
            .then_some(Self(code))
    }

    /// The numeric code.
    pub fn code(self) -> u8 {
        self.0
    }

    fn entry(self) -> (u8, &'static str, &'static str) {
        // Every constructed Nation is in the table; the fallback only keeps this total.
        TABLE
            .iter()
            .copied()
            .find(|(c, _, _)| *c == self.0)
            .unwrap_or((self.0, "", ""))
    }

    /// Chinese name as printed on the card.
    pub fn name_zh(self) -> &'static str {
        self.entry().1
    }

    /// Romanized name.
    pub fn name_en(self) -> &'static str {
        self.entry().2
    }

    /// Every group, in code order.
    pub fn all() -> impl Iterator<Item = Nation> {
        TABLE.iter().map(|(c, _, _)| Nation(*c))
    }
}

impl TryFrom<NationWire> for Nation {
    type Error = UnknownNation;
    fn try_from(w: NationWire) -> Result<Self, Self::Error> {
        Nation::from_code(w.code).ok_or(UnknownNation(w.code))
    }
}

impl From<Nation> for NationWire {
    fn from(n: Nation) -> Self {
        Self {
            code: n.code(),
            name_zh: n.name_zh().to_owned(),
            name_en: n.name_en().to_owned(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn table_has_56_groups_plus_two_and_46_is_deang() {
        assert_eq!(Nation::all().count(), 58);
        assert_eq!(Nation::all().filter(|n| n.code() <= 56).count(), 56);
        assert_eq!(Nation::from_code(46).map(Nation::name_zh), Some("德昂"));
        assert_eq!(Nation::from_code(97).map(Nation::name_zh), Some("其他"));
        assert_eq!(
            Nation::from_code(98).map(Nation::name_zh),
            Some("外国血统中国籍人士")
        );
        assert!(Nation::from_code(0).is_none());
        assert!(Nation::from_code(57).is_none());
        assert!(Nation::from_code(99).is_none());
    }

    #[test]
    fn serializes_code_and_names() {
        let v = serde_json::to_value(Nation::HAN).unwrap();
        assert_eq!(v["code"], 1);
        assert_eq!(v["name_zh"], "汉");
        let back: Nation = serde_json::from_value(serde_json::json!({"code": 46})).unwrap();
        assert_eq!(back.name_zh(), "德昂");
        assert!(serde_json::from_value::<Nation>(serde_json::json!({"code": 77})).is_err());
    }
}
