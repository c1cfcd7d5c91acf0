import { LogoutOutlined, MenuFoldOutlined, MenuOutlined, MenuUnfoldOutlined, TranslationOutlined, UserOutlined } from '@ant-design/icons';
import { Avatar, Button, Drawer, Dropdown, Flex, Layout, Menu, Tag, Tooltip, Typography, type MenuProps } from 'antd';
import { Suspense, useEffect, useMemo, useState } from 'react';
import { Outlet, useLocation, useNavigate } from 'react-router';
import { LoadingBlock } from '../components/states';
import { useIsMobile } from '../components/useIsMobile';
import { useAuth } from './auth';
import { useI18n, type TKey } from './i18n';
import { findLeaf, isGroup, NAVIGATION, type NavLeaf } from './navigation';
import { useScopeText } from './scope';

const { Header, Sider, Content } = Layout;

function Brand({ collapsed }: { collapsed?: boolean }) {
  const { t } = useI18n();
  return (
    <Flex align="center" gap={10} className="xz-brand">
      <img src="/favicon.svg" alt="" width={28} height={28} />
      {collapsed ? null : (
        <div className="xz-brand-text">
          <div className="xz-brand-name">{t('app.name')}</div>
          <div className="xz-brand-sub">{t('app.subtitle')}</div>
        </div>
      )}
    </Flex>
  );
}

function NavMenu({ onNavigate, collapsed }: { onNavigate?: () => void; collapsed?: boolean }) {
  const { t, td } = useI18n();
  const { can } = useAuth();
  const navigate = useNavigate();
  const location = useLocation();
  const current = findLeaf(location.pathname);
  const [openKeys, setOpenKeys] = useState<string[]>(current?.group ? [current.group.key] : []);

  useEffect(() => {
    if (current?.group && !openKeys.includes(current.group.key)) setOpenKeys((keys) => [...keys, current.group!.key]);
  }, [current?.group?.key]);

  const items = useMemo<MenuProps['items']>(() => {
    const leafItem = (leaf: NavLeaf) => ({
      key: leaf.path,
      icon: leaf.icon,
      label: (
        <span className="xz-menu-label" data-testid={`nav-${leaf.path.replace(/\//g, '-').replace(/^-/, '') || 'dashboard'}`}>
          {leaf.code && !leaf.icon ? <span className="xz-menu-code">{leaf.code}</span> : null}
          {td(leaf.label, leaf.label)}
        </span>
      ),
    });
    type Item = NonNullable<MenuProps['items']>[number];
    return NAVIGATION.flatMap((entry): Item[] => {
      if (!isGroup(entry)) return entry.permission && !can(entry.permission) ? [] : [leafItem(entry)];
      const children = entry.children.filter((leaf) => !leaf.permission || can(leaf.permission)).map(leafItem);
      if (children.length === 0) return [];
      return [{ key: entry.key, icon: entry.icon, label: t(entry.label as TKey), children }];
    });
  }, [t, td, can]);

  return (
    <Menu
      mode="inline"
      items={items}
      selectedKeys={current ? [current.leaf.path] : []}
      openKeys={collapsed ? undefined : openKeys}
      onOpenChange={(keys) => setOpenKeys(keys as string[])}
      onClick={({ key }) => {
        navigate(String(key));
        onNavigate?.();
      }}
      style={{ borderInlineEnd: 'none' }}
      data-testid="side-menu"
    />
  );
}

function HeaderRight({ compact }: { compact: boolean }) {
  const { t, lang, setLang } = useI18n();
  const { user, logout } = useAuth();
  const scope = useScopeText(user);
  if (!user) return null;
  const roles = user.roleNames.length ? user.roleNames.join('、') : user.roles.join('、');
  const langSwitch = (
    <Tooltip title={t('header.switchLang')}>
      <Button
        type="text"
        className="xz-header-btn"
        icon={<TranslationOutlined />}
        onClick={() => setLang(lang === 'en' ? 'zh-CN' : 'en')}
        data-testid="lang-switch"
      >
        {compact ? null : lang === 'en' ? '中文' : 'English'}
      </Button>
    </Tooltip>
  );
  const menuItems: MenuProps['items'] = [
    {
      key: 'who',
      disabled: true,
      label: (
        <div className="xz-user-menu-head">
          <div className="xz-user-menu-name">{user.displayName}</div>
          <div>{t('header.role', { roles })}</div>
          <div>{t('header.scope', { scope: scope.detail })}</div>
          <div>{t('header.account', { username: user.username })}</div>
        </div>
      ),
    },
    { type: 'divider' },
    { key: 'lang', icon: <TranslationOutlined />, label: lang === 'en' ? '切换到中文' : 'Switch to English' },
    { key: 'logout', icon: <LogoutOutlined />, danger: true, label: t('header.logout') },
  ];
  return (
    <Flex align="center" gap={compact ? 4 : 12} className="xz-header-right">
      <Tooltip title={scope.detail}>
        <Tag className="xz-scope-tag" data-testid="header-scope">
          {t('header.scopeShort', { scope: scope.text })}
        </Tag>
      </Tooltip>
      {compact ? null : langSwitch}
      <Dropdown
        trigger={['click']}
        menu={{
          items: menuItems,
          onClick: ({ key }) => {
            if (key === 'logout') void logout();
            if (key === 'lang') setLang(lang === 'en' ? 'zh-CN' : 'en');
          },
        }}
      >
        <Button type="text" className="xz-header-btn xz-user-btn" data-testid="header-user">
          <Avatar size={24} icon={<UserOutlined />} className="xz-avatar" />
          {compact ? null : (
            <span className="xz-user-text">
              <span className="xz-user-name">{user.displayName}</span>
              <span className="xz-user-role">{roles}</span>
            </span>
          )}
        </Button>
      </Dropdown>
      {compact ? null : (
        <Tooltip title={t('header.logout')}>
          <Button type="text" className="xz-header-btn" icon={<LogoutOutlined />} onClick={() => void logout()} data-testid="logout">
            {t('header.logout')}
          </Button>
        </Tooltip>
      )}
    </Flex>
  );
}

/** Phone menu drawer head: who is logged in, with what role and scope; language and logout. */
function DrawerUser() {
  const { t, lang, setLang } = useI18n();
  const { user, logout } = useAuth();
  const scope = useScopeText(user);
  if (!user) return null;
  const roles = user.roleNames.length ? user.roleNames.join('、') : user.roles.join('、');
  return (
    <div className="xz-drawer-user" data-testid="drawer-user">
      <Flex align="center" gap={10}>
        <Avatar size={36} icon={<UserOutlined />} style={{ background: '#b71c1c' }} />
        <div style={{ minWidth: 0 }}>
          <div className="xz-user-menu-name">{user.displayName}</div>
          <div className="xz-drawer-meta">{roles}</div>
          <div className="xz-drawer-meta">{t('header.scope', { scope: scope.detail })}</div>
        </div>
      </Flex>
      <Flex gap={8} style={{ marginTop: 10 }}>
        <Button size="small" icon={<TranslationOutlined />} onClick={() => setLang(lang === 'en' ? 'zh-CN' : 'en')}>
          {lang === 'en' ? '中文' : 'English'}
        </Button>
        <Button size="small" danger icon={<LogoutOutlined />} onClick={() => void logout()} data-testid="logout">
          {t('header.logout')}
        </Button>
      </Flex>
    </div>
  );
}

/** The workbench frame: top bar, side menu (a drawer on phones), page outlet. */
export function AppLayout() {
  const isMobile = useIsMobile();
  const { t, lang } = useI18n();
  const [collapsed, setCollapsed] = useState(false);
  const [drawerOpen, setDrawerOpen] = useState(false);
  const location = useLocation();

  useEffect(() => setDrawerOpen(false), [location.pathname]);

  return (
    <Layout className="xz-root">
      <Header className="xz-header">
        <Flex align="center" gap={8} style={{ minWidth: 0 }}>
          {isMobile ? (
            <Button type="text" className="xz-header-btn" icon={<MenuOutlined />} onClick={() => setDrawerOpen(true)} aria-label={t('header.menu')} data-testid="nav-toggle" />
          ) : (
            <Button
              type="text"
              className="xz-header-btn"
              icon={collapsed ? <MenuUnfoldOutlined /> : <MenuFoldOutlined />}
              onClick={() => setCollapsed((c) => !c)}
              aria-label={t('header.menu')}
              data-testid="nav-collapse"
            />
          )}
          <Brand collapsed={false} />
        </Flex>
        <HeaderRight compact={isMobile} />
      </Header>
      <Layout>
        {isMobile ? (
          <Drawer
            placement="left"
            open={drawerOpen}
            onClose={() => setDrawerOpen(false)}
            size={280}
            styles={{ body: { padding: 0 } }}
            title={<Typography.Text strong>{t('app.name')}</Typography.Text>}
            data-testid="nav-drawer"
          >
            <DrawerUser />
            <NavMenu onNavigate={() => setDrawerOpen(false)} />
          </Drawer>
        ) : (
          <Sider width={lang === 'en' ? 256 : 232} collapsedWidth={56} collapsed={collapsed} theme="light" className="xz-sider">
            <NavMenu collapsed={collapsed} />
          </Sider>
        )}
        <Content className="xz-content">
          <Suspense fallback={<LoadingBlock height={320} />}>
            <Outlet />
          </Suspense>
        </Content>
      </Layout>
    </Layout>
  );
}
