//! Shared by the benchmark and the latency example: a synthetic 1,000-item catalog and the
//! keystroke sequences a clerk types.

use ow_catalog::{builtin_files, Catalog};

const PLACES: [&str; 10] = [
    "市外", "省内", "跨省", "本市", "境外", "港澳", "台湾", "农村", "城镇", "集体",
];
const ACTIONS: [&str; 10] = [
    "迁入", "迁出", "登记", "变更", "注销", "补领", "换领", "备案", "核发", "提取",
];
const SUBJECTS: [&str; 10] = [
    "户口", "证件", "许可", "执照", "保险", "津贴", "房屋", "车辆", "发票", "印章",
];

/// The built-in catalog plus enough generated items to reach `total` items.
pub fn synthetic_catalog(total: usize) -> Catalog {
    let mut files: Vec<(String, String)> = builtin_files()
        .into_iter()
        .map(|(n, t)| (n, t.to_owned()))
        .collect();
    let departments = [
        "huzheng",
        "zhian",
        "renshe",
        "yibao",
        "shichang",
        "shuiwu",
        "budongchan",
        "weijian",
    ];
    let existing = Catalog::load_files(files.clone())
        .map(|c| c.items().len())
        .unwrap_or(0);
    let mut yaml = String::from("items:\n");
    for i in 0..total.saturating_sub(existing) {
        let name = format!(
            "{}{}{}（情形{}）",
            PLACES[i % 10],
            SUBJECTS[(i / 10) % 10],
            ACTIONS[(i / 100) % 10],
            i
        );
        let code = format!("9{i:011}");
        yaml.push_str(&format!(
            r#"  - code: "{code}"
    implementation_code: "11441900007330516K{code}000001"
    version: "1"
    name: {name}
    department: {dept}
    legal_limit: {{amount: 20, unit: working_days}}
    promised_limit: {{amount: 5, unit: working_days}}
    visits: 1
    area: city
    refer_to: 属地窗口
    keywords: [合成事项{i}]
    questions:
      - id: agent
        ask: 是否代办？
        type: yes_no
    materials:
      - ref: id_card
      - ref: power_of_attorney
        when: {{q: agent, eq: yes}}
"#,
            dept = departments[i % departments.len()],
        ));
    }
    files.push(("items/synthetic.yaml".into(), yaml));
    match Catalog::load_files(files) {
        Ok(c) => c,
        Err(e) => panic!("synthetic catalog: {e}"),
    }
}

/// Every prefix of what clerks type, as the search sees it keystroke by keystroke.
pub fn keystrokes() -> Vec<String> {
    let typed = [
        "tkpo",
        "投靠配偶",
        "000173",
        "居住证",
        "jzz",
        "港澳签注",
        "gaqz",
        "驾驶证换证",
        "企业开办",
        "qykb",
        "失业保险金",
        "不动产转移",
        "过户",
        "出入境",
        "11441900007330516K0001",
        "户口迁移",
        "zzzz",
        "sfz",
        "身份证",
    ];
    let mut out = Vec::new();
    for word in typed {
        let chars: Vec<char> = word.chars().collect();
        for end in 1..=chars.len() {
            out.push(chars[..end].iter().collect());
        }
    }
    out
}
