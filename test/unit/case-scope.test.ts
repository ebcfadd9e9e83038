import { maskPersonal } from '../../db/case-scope';

describe('personal data masked for admins', () => {
  it('masks ID numbers, mobiles, e-mails, addresses and persons\' names, at any depth, keeping units\' and projects\' names', () => {
    const data = {
      unit: { name: '示例检验有限公司', uscc: '91110000600037341L', address: '北京市海淀区中关村大街 1 号', legalRepresentative: '周建国' },
      contact: { name: '孙丽', idNumber: '11010519491231002X', mobile: '13812345678', email: 'sunli@example.cn' },
      persons: [{ name: '欧阳明', idNumber: '110101199001010015' }],
      projectName: '锅炉评审项目',
      fileName: '营业执照.pdf',
    };
    expect(maskPersonal(data)).toEqual({
      unit: { name: '示例检验有限公司', uscc: '91110000600037341L', address: '北京市海淀区****', legalRepresentative: '周**' },
      contact: { name: '孙*', idNumber: '110105***********X', mobile: '138****5678', email: 's***@example.cn' },
      persons: [{ name: '欧**', idNumber: '110101***********5' }],
      projectName: '锅炉评审项目',
      fileName: '营业执照.pdf',
    });
    expect(data.contact.idNumber).toBe('11010519491231002X');
  });

  it('masks the personal fields the forms name in camelCase (contactMobile, refereePhone, contactIdNumber), a landline hidden whole, the names of things kept', () => {
    const data = { contactName: '林一', contactMobile: '13812345678', contactIdNumber: '110101199003071234', refereePhone: '13912345678', contactPhone: '010-62345678', equipmentName: '锅炉', uscc: '91110000600037341L' };
    expect(maskPersonal(data)).toEqual({ contactName: '林*', contactMobile: '138****5678', contactIdNumber: '110101***********4', refereePhone: '139****5678', contactPhone: '****', equipmentName: '锅炉', uscc: '91110000600037341L' });
  });
});
