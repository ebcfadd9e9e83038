/**
 * The Element Plus components the pages use, registered once (tree-shaken: the whole library is
 * several times larger). A page needing another component adds it here.
 */
import type { App } from 'vue';
import {
  ElAlert, ElAside, ElButton, ElCard, ElCascader, ElCheckbox, ElCheckboxGroup, ElCol, ElConfigProvider, ElContainer, ElDatePicker,
  ElDescriptions, ElDescriptionsItem, ElDialog, ElDivider, ElDrawer, ElDropdown, ElDropdownItem, ElDropdownMenu, ElEmpty, ElForm,
  ElFormItem, ElHeader, ElIcon, ElInput, ElInputNumber, ElLink, ElLoading, ElMain, ElMenu, ElMenuItem, ElMenuItemGroup, ElOption,
  ElPagination, ElRadio, ElRadioButton, ElRadioGroup, ElRate, ElResult, ElRow, ElSelect, ElSkeleton, ElSpace, ElStep, ElSteps,
  ElSubMenu, ElSwitch, ElTabPane, ElTable, ElTableColumn, ElTabs, ElTag, ElTooltip, ElUpload,
} from 'element-plus';

const components = [
  ElAlert, ElAside, ElButton, ElCard, ElCascader, ElCheckbox, ElCheckboxGroup, ElCol, ElConfigProvider, ElContainer, ElDatePicker,
  ElDescriptions, ElDescriptionsItem, ElDialog, ElDivider, ElDrawer, ElDropdown, ElDropdownItem, ElDropdownMenu, ElEmpty, ElForm,
  ElFormItem, ElHeader, ElIcon, ElInput, ElInputNumber, ElLink, ElMain, ElMenu, ElMenuItem, ElMenuItemGroup, ElOption,
  ElPagination, ElRadio, ElRadioButton, ElRadioGroup, ElRate, ElResult, ElRow, ElSelect, ElSkeleton, ElSpace, ElStep, ElSteps,
  ElSubMenu, ElSwitch, ElTabPane, ElTable, ElTableColumn, ElTabs, ElTag, ElTooltip, ElUpload,
];

export function registerElementPlus(app: App): void {
  for (const c of components) app.use(c as unknown as { install(a: App): void });
  app.use(ElLoading);
}
